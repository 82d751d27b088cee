// TunnelProxy: CONNECT handling and the byte relay between the client and the local target.
#include "support/tunnel_proxy.h"

#include <sys/socket.h>
#include <unistd.h>

namespace dexcc::testing {

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
