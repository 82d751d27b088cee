// The client's IP for logs, from web.clientRemoteIP: trusted only from listed proxies, walking a
// comma-separated chain right to left (dex HEAD's rule; v2.45.1's inverted trust is a known bug).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace dexcc::server {

class ClientIpPolicy {
 public:
  // `trusted_proxies` are CIDRs that were validated by the config loader.
  ClientIpPolicy(std::string header, const std::vector<std::string>& trusted_proxies);

  bool enabled() const { return !header_.empty(); }
  // The client address: the first untrusted hop of the header, read right to left, when the peer is a
  // trusted proxy; otherwise the peer's own address.
  std::string resolve(const http::Request& req) const;

 private:
  struct Cidr {
    std::string bytes;  // network address, 4 or 16 bytes
    int bits = 0;
  };
  bool trusted(std::string_view ip) const;

  std::string header_;
  std::vector<Cidr> proxies_;
};

// "1.2.3.4:5" -> "1.2.3.4"; "[::1]:5" -> "::1".
std::string peer_ip(std::string_view remote_addr);

}  // namespace dexcc::server
