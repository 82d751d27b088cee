// IP addresses and host:port splitting by Go's net/netip and net rules, which dex's checks rely on.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace dexcc::base {

// An IP address as Go's netip.Addr holds it. IPv4 addresses are kept in their IPv4-mapped IPv6
// form (::ffff:a.b.c.d), as net.IP's 16-byte form does, so one loopback test covers both.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool written_as_ipv4 = false;  // netip's Is4: dotted decimal, not IPv6 text
  std::string zone;              // IPv6 scope ("fe80::1%eth0" -> "eth0"); never set for IPv4

  // net.IP.IsLoopback: 127.0.0.0/8 (also IPv4-mapped, "::ffff:127.0.0.1") or ::1. An
  // IPv4-compatible "::127.0.0.1" is not loopback, as in Go.
  bool is_loopback() const;
};

// netip.ParseAddr, with its error texts: IPv4 as exactly four decimal fields without leading zeros
// ("127.1", "0177.0.0.1" and "0x7f.0.0.1" are errors, unlike inet_aton), IPv6 with at most one
// "::", an optional embedded IPv4 tail and an optional non-empty zone after '%'.
Result<IpAddress> parse_ip_address(std::string_view text);

// net.ParseIP: parse_ip_address without zones. True only for an address literal that is loopback.
bool is_loopback_ip_literal(std::string_view text);

// Views into the text split_host_port was given.
struct HostPort {
  std::string_view host;  // without brackets: "[::1]:80" -> "::1"
  std::string_view port;  // may be empty: "localhost:" -> "localhost", ""
};

// net.SplitHostPort: the port follows the last ':'; an IPv6 host is bracketed. Errors ("missing port
// in address", "too many colons in address", stray brackets) as Go words them.
Result<HostPort> split_host_port(std::string_view hostport);

}  // namespace dexcc::base
