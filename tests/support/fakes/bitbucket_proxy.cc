// BitbucketProxy: CONNECT for Bitbucket's two hosts, relayed to the fake.
#include "support/fakes/bitbucket_proxy.h"

#include <sys/socket.h>
#include <unistd.h>

#include "support/tcp_relay.h"

namespace dexcc::testing {

BitbucketProxy::BitbucketProxy(uint16_t fake_port)
    : fake_port_(fake_port), server_([this](int fd) { serve(fd); }) {}

std::vector<std::string> BitbucketProxy::tunnels() const {
  std::lock_guard lock(mutex_);
  return tunnels_;
}

void BitbucketProxy::serve(int fd) {
  std::string buffer;
  const auto read = [fd](char* data, size_t size) -> long { return ::recv(fd, data, size, 0); };
  auto request = read_request(read, buffer);
  if (!request) return;
  {
    std::lock_guard lock(mutex_);
    tunnels_.push_back(request->method + " " + request->target);
  }
  bool bitbucket = request->target == "bitbucket.org:443" || request->target == "api.bitbucket.org:443";
  if (request->method != "CONNECT" || !bitbucket) {
    send_all(fd, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  int upstream = connect_loopback(fake_port_);
  if (upstream < 0) {
    send_all(fd, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  if (send_all(fd, "HTTP/1.1 200 Connection established\r\n\r\n") && send_all(upstream, buffer))
    relay(fd, upstream);
  ::close(upstream);
}

}  // namespace dexcc::testing
