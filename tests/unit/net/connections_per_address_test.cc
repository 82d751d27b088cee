// Tests for ActiveConnectionsPerAddress: the limit, idle connections left out of it, and which
// peer addresses share a count.
#include "net/connections_per_address.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>
#include <string>
#include <vector>

namespace dexcc::net {
namespace {

// The key of a textual IPv4 or IPv6 address.
AddressKey key_of(const std::string& text) {
  std::array<uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    bytes[10] = bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &v4, 4);
  } else {
    EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), bytes.data()), 1) << text;
  }
  return address_key(bytes);
}

TEST(ConnectionsPerAddress, RefusesTheAddressAtItsLimitOnly) {
  ActiveConnectionsPerAddress limit(2, 2);
  auto a1 = limit.admit(key_of("192.0.2.1"), 0);
  auto a2 = limit.admit(key_of("192.0.2.1"), 1);
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(limit.admit(key_of("192.0.2.1"), 0));
  EXPECT_TRUE(limit.admit(key_of("192.0.2.2"), 0));
  a1.reset();  // closed
  EXPECT_TRUE(limit.admit(key_of("192.0.2.1"), 1));
}

TEST(ConnectionsPerAddress, IdleConnectionsDoNotCount) {
  ActiveConnectionsPerAddress limit(1, 2);
  auto proxy = key_of("10.0.0.7");
  std::vector<ActiveConnectionsPerAddress::Ticket> pool;
  for (int i = 0; i < 5; ++i) {
    auto t = limit.admit(proxy, i % 2);
    ASSERT_TRUE(t) << i;
    t->set_idle(true);  // answered and kept alive
    pool.push_back(std::move(*t));
  }
  // One of them gets a request: the address is at its limit until it is idle again.
  pool[3].set_idle(false);
  EXPECT_FALSE(limit.admit(proxy, 0));
  pool[3].set_idle(true);
  pool[3].set_idle(true);  // twice is once
  EXPECT_TRUE(limit.admit(proxy, 1));
}

TEST(ConnectionsPerAddress, AnAddressIsForgottenWithItsLastConnection) {
  ActiveConnectionsPerAddress limit(4, 1);
  {
    auto a = limit.admit(key_of("192.0.2.1"), 0);
    auto b = limit.admit(key_of("192.0.2.1"), 0);
    auto moved = std::move(*b);
    EXPECT_EQ(limit.addresses(), 1u);
  }
  EXPECT_EQ(limit.addresses(), 0u);
  ActiveConnectionsPerAddress none(0, 1);
  EXPECT_FALSE(none.admit(key_of("192.0.2.1"), 0));
  EXPECT_EQ(none.addresses(), 0u);
}

TEST(ConnectionsPerAddress, Ipv6CountsPerSlash64AndMappedIpv4AsIpv4) {
  EXPECT_EQ(key_of("2001:db8:1:2:aaaa::1"), key_of("2001:db8:1:2:bbbb::2"));
  EXPECT_NE(key_of("2001:db8:1:2::1"), key_of("2001:db8:1:3::1"));
  EXPECT_EQ(key_of("::ffff:192.0.2.1"), key_of("192.0.2.1"));
  EXPECT_NE(key_of("192.0.2.1"), key_of("192.0.2.2"));  // IPv4 is not reduced to a prefix
}

}  // namespace
}  // namespace dexcc::net
