// TunnelProxy: CONNECT handling and the byte relay between the client and the local target.
#include "support/tunnel_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dexcc::testing {

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

void relay(int a, int b) {
  char buffer[16384];
  while (true) {
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    if (::poll(fds, 2, 10000) <= 0) return;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0) continue;
      ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
      if (n <= 0 || !send_all(fds[1 - i].fd, std::string_view(buffer, static_cast<size_t>(n)))) return;
    }
  }
}

TunnelProxy::TunnelProxy(uint16_t target_port)
    : target_port_(target_port), server_([this](int fd) { serve(fd); }) {}

std::vector<std::string> TunnelProxy::targets() const {
  std::lock_guard lock(mutex_);
  return targets_;
}

void TunnelProxy::serve(int fd) {
  std::string buffer;
  const auto read = [fd](char* data, size_t size) -> long { return ::recv(fd, data, size, 0); };
  auto request = read_request(read, buffer);
  if (!request) return;
  if (request->method != "CONNECT") {
    send_all(fd, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return;
  }
  {
    std::lock_guard lock(mutex_);
    targets_.push_back(request->target);
  }
  int upstream = connect_loopback(target_port_);
  if (upstream < 0) {
    send_all(fd, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  if (send_all(fd, "HTTP/1.1 200 Connection established\r\n\r\n") && send_all(upstream, buffer))
    relay(fd, upstream);
  ::close(upstream);
}

}  // namespace dexcc::testing
