// Internal to http_client: Go's NO_PROXY matching (httpproxy's useProxy), rules listed in proxy.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dexcc::http_client::detail {

// An IPv4 or IPv6 address; an IPv4-mapped IPv6 address is folded to IPv4, as Go's To4 does, so
// "::ffff:10.0.0.1" and "10.0.0.1" are the same address.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  size_t size = 0;  // 4 or 16

  bool operator==(const IpAddress&) const = default;
  bool is_loopback() const;
};

std::optional<IpAddress> parse_ip(std::string_view text);

class NoProxyList {
 public:
  explicit NoProxyList(std::string_view no_proxy);

  // True when a request to `host` (no brackets) on `port` goes direct: localhost, loopback IPs,
  // and whatever the list matches.
  bool bypasses(std::string_view host, std::string_view port) const;

 private:
  struct Cidr {
    IpAddress network;
    size_t prefix_bits = 0;
  };
  struct Ip {
    IpAddress address;
    std::string port;
  };
  struct Domain {
    std::string suffix;  // with its leading '.'
    std::string port;
    bool matches_bare_name = false;  // "example.com" matches itself; ".example.com" does not
  };

  void add_entry(std::string_view entry);

  bool matches_everything_ = false;
  std::vector<Cidr> cidrs_;
  std::vector<Ip> ips_;
  std::vector<Domain> domains_;
};

}  // namespace dexcc::http_client::detail
