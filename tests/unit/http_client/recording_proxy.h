// RecordingProxy: an HTTP proxy on loopback for the client's proxy tests. It records every request
// line and header it receives; CONNECT tunnels go to 127.0.0.1 on the requested port whatever the
// host name (so "upstream.test" needs no DNS), and plain requests in absolute form are answered by
// the proxy itself with "via proxy <target>".
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_server.h"

namespace dexcc::http_client {

class RecordingProxy {
 public:
  RecordingProxy();

  uint16_t port() const { return server_.port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
  std::vector<testing::ReceivedRequest> received() const;

 private:
  void serve(int fd);
  void tunnel(int client_fd, const std::string& target, const std::string& early_bytes);

  mutable std::mutex mutex_;
  std::vector<testing::ReceivedRequest> received_;
  testing::LoopbackServer server_;  // last: stopped before the members it uses go away
};

}  // namespace dexcc::http_client
