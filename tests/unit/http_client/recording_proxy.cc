// RecordingProxy: request recording, CONNECT tunnelling to loopback, and forward-proxy answers.
#include "recording_proxy.h"

#include <sys/socket.h>
#include <unistd.h>

#include "support/tcp_relay.h"

namespace dexcc::http_client {

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
                     : testing::connect_loopback(static_cast<uint16_t>(std::stoi(target.substr(colon + 1))));
  if (upstream < 0) {
    testing::send_all(client_fd, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  if (testing::send_all(client_fd, "HTTP/1.1 200 Connection established\r\n\r\n") &&
      testing::send_all(upstream, early_bytes)) {
    testing::relay(client_fd, upstream);
  }
  ::close(upstream);
}

}  // namespace dexcc::http_client
