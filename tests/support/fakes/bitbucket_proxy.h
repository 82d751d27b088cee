// BitbucketProxy: an HTTP CONNECT proxy on loopback that sends bitbucket.org:443 and
// api.bitbucket.org:443 to a local FakeBitbucket (refusing every other host with 403), so that
// the real dexcc binary, whose Bitbucket URLs are fixed, reaches the fake through HTTPS_PROXY.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_server.h"

namespace dexcc::testing {

class BitbucketProxy {
 public:
  explicit BitbucketProxy(uint16_t fake_port);

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  // The CONNECT targets asked for, in order.
  std::vector<std::string> tunnels() const;

 private:
  void serve(int fd);

  uint16_t fake_port_;
  mutable std::mutex mutex_;
  std::vector<std::string> tunnels_;
  LoopbackServer server_;  // last: stops before the members it uses go away
};

}  // namespace dexcc::testing
