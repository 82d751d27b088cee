// TunnelProxy: an HTTPS proxy on loopback (HTTP CONNECT, RFC 9110 §9.3.6) that tunnels every
// request, whatever host it names, to one local port. Given to dexcc as HTTPS_PROXY it routes
// calls to providers' fixed public hosts (accounts.google.com, api.linkedin.com, ...) to a local
// fake that holds a test certificate for those names, so the connector code runs unchanged.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_server.h"
#include "support/tcp_relay.h"

namespace dexcc::testing {

class TunnelProxy {
 public:
  explicit TunnelProxy(uint16_t target_port);

  uint16_t port() const { return server_.port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  // The "host:port" of every CONNECT received, in order.
  std::vector<std::string> targets() const;

 private:
  void serve(int fd);

  uint16_t target_port_;
  mutable std::mutex mutex_;
  std::vector<std::string> targets_;
  LoopbackServer server_;  // last: stopped before the members it uses go away
};

}  // namespace dexcc::testing
