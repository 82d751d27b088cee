// RecordingProxy: request recording, CONNECT tunnelling to loopback, and forward-proxy answers.
#include "recording_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dexcc::http_client {
namespace {

int connect_loopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Copies bytes both ways until either side closes.
void relay(int a, int b) {
  char buffer[16384];
  while (true) {
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    if (::poll(fds, 2, 10000) <= 0) return;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0) continue;
      ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
      if (n <= 0 || !testing::send_all(fds[1 - i].fd, std::string_view(buffer, static_cast<size_t>(n))))
        return;
    }
  }
}

}  // namespace

RecordingProxy::RecordingProxy() : server_([this](int fd) { serve(fd); }) {}

std::vector<testing::ReceivedRequest> RecordingProxy::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void RecordingProxy::serve(int fd) {
  std::string buffer;
  const auto read = [fd](char* data, size_t size) -> long { return ::recv(fd, data, size, 0); };
  while (auto request = testing::read_request(read, buffer)) {
    {
      std::lock_guard lock(mutex_);
      received_.push_back(*request);
    }
    if (request->method == "CONNECT") {
      tunnel(fd, request->target, buffer);
      return;
    }
    std::string body = "via proxy " + request->target;
    std::string response =
        "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    if (!testing::send_all(fd, response)) return;
  }
}

void RecordingProxy::tunnel(int client_fd, const std::string& target, const std::string& early_bytes) {
  size_t colon = target.rfind(':');
  int upstream = colon == std::string::npos
                     ? -1
                     : connect_loopback(static_cast<uint16_t>(std::stoi(target.substr(colon + 1))));
  if (upstream < 0) {
    testing::send_all(client_fd, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  if (testing::send_all(client_fd, "HTTP/1.1 200 Connection established\r\n\r\n") &&
      testing::send_all(upstream, early_bytes)) {
    relay(client_fd, upstream);
  }
  ::close(upstream);
}

}  // namespace dexcc::http_client
