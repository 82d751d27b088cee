// LoopbackServer over POSIX sockets and threads, and a minimal HTTP/1.1 request reader.
#include "support/loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "base/text.h"

namespace dexcc::testing {

LoopbackServer::LoopbackServer(Serve serve) : serve_(std::move(serve)) {
  // OpenSSL writes to sockets with write(2): a client that hangs up mid-response must not kill the
  // test binary.
  std::signal(SIGPIPE, SIG_IGN);
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("LoopbackServer: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

LoopbackServer::~LoopbackServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    // Blocked reads and writes on every connection return at once.
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  stopping_changed_.notify_all();
  acceptor_.join();
  ::close(listen_fd_);
  for (std::thread& thread : connection_threads_) thread.join();
}

bool LoopbackServer::sleep_unless_stopped(std::chrono::milliseconds duration) const {
  std::unique_lock lock(mutex_);
  return !stopping_changed_.wait_for(lock, duration, [this] { return stopping_; });
}

void LoopbackServer::accept_loop() {
  while (true) {
    pollfd waiting{listen_fd_, POLLIN, 0};
    int ready = ::poll(&waiting, 1, 50);
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (ready <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    open_fds_.insert(fd);
    connection_threads_.emplace_back([this, fd] { serve_connection(fd); });
  }
}

void LoopbackServer::serve_connection(int fd) {
  serve_(fd);
  std::lock_guard lock(mutex_);
  open_fds_.erase(fd);
  ::close(fd);
}

std::string ReceivedRequest::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (base::ascii_iequals(field, name)) return value;
  }
  return "";
}

bool ReceivedRequest::has_header(std::string_view name) const {
  for (const auto& field : headers) {
    if (base::ascii_iequals(field.first, name)) return true;
  }
  return false;
}

std::optional<ReceivedRequest> read_request(const std::function<long(char*, size_t)>& read,
                                            std::string& buffer) {
  char chunk[16384];
  const auto fill = [&] {
    long n = read(chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  };
  size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  std::string_view head(buffer.data(), head_end);
  ReceivedRequest request;
  size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  size_t first_space = request_line.find(' ');
  size_t second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) return std::nullopt;
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line =
        head.substr(start, line_end == std::string_view::npos ? head.npos : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  buffer.erase(0, head_end + 4);
  std::string length_text = request.header("Content-Length");
  size_t length = length_text.empty() ? 0 : std::stoul(length_text);
  while (buffer.size() < length) {
    if (!fill()) return std::nullopt;
  }
  request.body = buffer.substr(0, length);
  buffer.erase(0, length);
  return request;
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace dexcc::testing
