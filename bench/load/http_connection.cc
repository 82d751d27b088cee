// HttpConnection: raw sockets with TCP_NODELAY and a Content-Length-only response reader (dexcc
// always sends Content-Length; anything else counts as a failed request).
#include "load/http_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace dexcc::bench {
namespace {

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = line[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

HttpConnection::~HttpConnection() { disconnect(); }

bool HttpConnection::connect() {
  disconnect();
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return false;
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  if (::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1 ||
      ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    disconnect();
    return false;
  }
  ++connects_;
  return true;
}

void HttpConnection::disconnect() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  in_.clear();
}

bool HttpConnection::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool HttpConnection::fill() {
  char buf[16384];
  while (true) {
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    in_.append(buf, static_cast<size_t>(n));
    return true;
  }
}

bool HttpConnection::read_reply(Reply& out) {
  size_t header_end;
  while ((header_end = in_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return false;
  }
  std::string_view head(in_.data(), header_end);
  // "HTTP/1.1 200 OK"
  if (head.size() < 12 || !head.starts_with("HTTP/1.")) return false;
  std::from_chars(head.data() + 9, head.data() + 12, out.status);
  size_t length = 0;
  bool has_length = false, closes = false;
  for (size_t pos = head.find("\r\n"); pos != std::string_view::npos;) {
    size_t next = head.find("\r\n", pos + 2);
    std::string_view line = head.substr(pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = trim(line.substr(colon + 1));
      if (iequals_prefix(line, "content-length:")) {
        has_length = std::from_chars(value.data(), value.data() + value.size(), length).ec == std::errc();
      } else if (iequals_prefix(line, "location:")) {
        out.location.assign(value);
      } else if (iequals_prefix(line, "connection:")) {
        closes = value == "close";
      }
    }
    pos = next;
  }
  if (!has_length) return false;
  size_t total = header_end + 4 + length;
  while (in_.size() < total) {
    if (!fill()) return false;
  }
  out.body.assign(in_, header_end + 4, length);
  in_.erase(0, total);
  if (closes) disconnect();
  return true;
}

Reply HttpConnection::request(std::string_view method, std::string_view target, std::string_view headers,
                              std::string_view body) {
  out_.clear();
  out_.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(host_).append("\r\n");
  out_.append(headers);
  if (!body.empty() || method == "POST") {
    out_.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  out_.append("\r\n").append(body);
  // A kept-alive socket the server closed in the meantime fails on first use: retry once, fresh.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fresh = fd_ < 0;
    if (fd_ < 0 && !connect()) return {};
    Reply reply;
    if (send_all(out_) && read_reply(reply)) return reply;
    disconnect();
    if (fresh) break;
  }
  return {};
}

}  // namespace dexcc::bench
