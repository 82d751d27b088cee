// Go's netip.ParseAddr, net.ParseIP(...).IsLoopback and net.SplitHostPort: expected answers printed
// by real Go 1.26, including its error texts.
#include "base/net_address.h"

#include <gtest/gtest.h>

#include <string_view>

namespace dexcc::base {
namespace {

TEST(NetAddress, ParsesIpAddressesAsGoDoes) {
  struct Case {
    std::string_view text;
    std::string_view error;  // empty when Go parses it
    bool loopback;           // net.ParseIP(text).IsLoopback()
  };
  // clang-format off
  const Case cases[] = {
      {"127.0.0.1", "", true},
      {"127.255.255.255", "", true},
      {"126.0.0.1", "", false},
      {"0.0.0.0", "", false},
      {"127.1", "ParseAddr(\"127.1\"): IPv4 address too short", false},
      {"127.0.0.01", "ParseAddr(\"127.0.0.01\"): IPv4 field has octet with leading zero", false},
      {"0177.0.0.1", "ParseAddr(\"0177.0.0.1\"): IPv4 field has octet with leading zero", false},
      {"1.2.3.4.5", "ParseAddr(\"1.2.3.4.5\"): IPv4 address too long", false},
      {"1..2.3", "ParseAddr(\"1..2.3\"): IPv4 field must have at least one digit (at \".2.3\")", false},
      {".1.2.3", "ParseAddr(\".1.2.3\"): IPv4 field must have at least one digit (at \".1.2.3\")", false},
      {"1.2.3.", "ParseAddr(\"1.2.3.\"): IPv4 field must have at least one digit (at \".\")", false},
      {"256.0.0.1", "ParseAddr(\"256.0.0.1\"): IPv4 field has value >255", false},
      {"1.2.3.4%eth0", "ParseAddr(\"1.2.3.4%eth0\"): unexpected character (at \"%eth0\")", false},
      {"a.b.c.d", "ParseAddr(\"a.b.c.d\"): unexpected character (at \"a.b.c.d\")", false},
      {"localhost", "ParseAddr(\"localhost\"): unable to parse IP", false},
      {"", "ParseAddr(\"\"): unable to parse IP", false},
      {"::1", "", true},
      {"::", "", false},
      {"::1%lo", "", false},  // parses, but net.ParseIP refuses zones
      {"::1%", "ParseAddr(\"::1%\"): zone must be a non-empty string", false},
      {"%lo", "ParseAddr(\"%lo\"): missing IPv6 address", false},
      {"fe80::1%en0", "", false},
      {"::ffff:127.0.0.1", "", true},
      {"::FFFF:127.0.0.1", "", true},
      {"::ffff:7f00:1", "", true},
      {"::127.0.0.1", "", false},  // IPv4-compatible, not IPv4-mapped
      {"0:0:0:0:0:0:0:1", "", true},
      {"0:0:0:0:0:0:0:0:1", "ParseAddr(\"0:0:0:0:0:0:0:0:1\"): trailing garbage after address (at \"1\")", false},
      {"1:2:3:4:5:6:7::8", "ParseAddr(\"1:2:3:4:5:6:7::8\"): the :: must expand to at least one field of zeros", false},
      {"1::2::3", "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")", false},
      {"12345::1", "ParseAddr(\"12345::1\"): each group must have 4 or less digits (at \"12345::1\")", false},
      {"::1:", "ParseAddr(\"::1:\"): colon must be followed by more characters (at \":\")", false},
      {":1", "ParseAddr(\":1\"): each colon-separated field must have at least one digit (at \":1\")", false},
      {"1:2", "ParseAddr(\"1:2\"): address string too short", false},
      {"::ffff:127.0.0.01", "ParseAddr(\"::ffff:127.0.0.01\"): IPv4 field has octet with leading zero", false},
      {"1:2:3:4:5:6:127.0.0.1", "", false},
      {"1:2:3:4:5:127.0.0.1", "ParseAddr(\"1:2:3:4:5:127.0.0.1\"): embedded IPv4 address must replace the final 2 fields of the address (at \"127.0.0.1\")", false},
      {"1:2:3:4:5:6:7:127.0.0.1", "ParseAddr(\"1:2:3:4:5:6:7:127.0.0.1\"): embedded IPv4 address must replace the final 2 fields of the address (at \"127.0.0.1\")", false},
      {"::1]", "ParseAddr(\"::1]\"): unexpected character, want colon (at \"]\")", false},
      {"::g", "ParseAddr(\"::g\"): each colon-separated field must have at least one digit (at \"g\")", false},
      {"::ffff:1.2.3.4.5", "ParseAddr(\"::ffff:1.2.3.4.5\"): IPv4 address too long", false},
      {"[::1]", "ParseAddr(\"[::1]\"): each colon-separated field must have at least one digit (at \"[::1]\")", false},
  };
  // clang-format on
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto addr = parse_ip_address(c.text);
    if (c.error.empty()) {
      EXPECT_TRUE(addr) << addr.error().message;
    } else {
      ASSERT_FALSE(addr);
      EXPECT_EQ(addr.error().message, c.error);
    }
    EXPECT_EQ(is_loopback_ip_literal(c.text), c.loopback);
  }
}

TEST(NetAddress, KeepsTheFormAndZone) {
  auto v4 = parse_ip_address("10.1.2.3");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->written_as_ipv4);
  EXPECT_EQ(v4->bytes, (std::array<uint8_t, 16>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3}));
  auto mapped = parse_ip_address("::ffff:10.1.2.3");
  ASSERT_TRUE(mapped);
  EXPECT_FALSE(mapped->written_as_ipv4);
  EXPECT_EQ(mapped->bytes, v4->bytes);
  auto v6 = parse_ip_address("fe80::1:2%en0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->zone, "en0");
  EXPECT_EQ(v6->bytes, (std::array<uint8_t, 16>{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2}));
  auto middle = parse_ip_address("1:2::3:4");
  ASSERT_TRUE(middle);
  EXPECT_EQ(middle->bytes, (std::array<uint8_t, 16>{0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4}));
}

TEST(NetAddress, SplitsHostAndPortAsGoDoes) {
  struct Case {
    std::string_view hostport, host, port, error;
  };
  const Case cases[] = {
      {"localhost:80", "localhost", "80", ""},
      {"localhost:", "localhost", "", ""},
      {"localhost", "", "", "address localhost: missing port in address"},
      {"[::1]:80", "::1", "80", ""},
      {"[::1]", "", "", "address [::1]: missing port in address"},
      {"[::1]:", "::1", "", ""},
      {"::1", "", "", "address ::1: too many colons in address"},
      {"[::1]x:80", "", "", "address [::1]x:80: missing port in address"},
      {"[::1]:80:90", "", "", "address [::1]:80:90: too many colons in address"},
      {"[::1", "", "", "address [::1: missing ']' in address"},
      {"a[b]:80", "", "", "address a[b]:80: unexpected '[' in address"},
      {"[a]b]:80", "", "", "address [a]b]:80: missing port in address"},
      {"a]:80", "", "", "address a]:80: unexpected ']' in address"},
      {"h:1:2", "", "", "address h:1:2: too many colons in address"},
      {":80", "", "80", ""},
      {"[]:80", "", "80", ""},
      {"[::1%lo]:5", "::1%lo", "5", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.hostport);
    auto split = split_host_port(c.hostport);
    if (!c.error.empty()) {
      ASSERT_FALSE(split);
      EXPECT_EQ(split.error().message, c.error);
      continue;
    }
    ASSERT_TRUE(split) << split.error().message;
    EXPECT_EQ(split->host, c.host);
    EXPECT_EQ(split->port, c.port);
  }
}

}  // namespace
}  // namespace dexcc::base
