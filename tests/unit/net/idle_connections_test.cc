// Tests for IdleConnections: longest-idle-first eviction, removal, and the counts the acceptor reads.
#include "net/idle_connections.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dexcc::net {
namespace {

using namespace std::chrono_literals;

struct FakeConnection : IdleConnection {
  explicit FakeConnection(std::string n, std::vector<std::string>& evicted)
      : name(std::move(n)), log(evicted) {}
  void evict() override { log.push_back(name); }
  std::string name;
  std::vector<std::string>& log;
};

TEST(IdleConnections, EvictsTheLongestIdleFirst) {
  std::vector<std::string> evicted;
  FakeConnection a("a", evicted), b("b", evicted), c("c", evicted);
  IdleConnections idle;
  auto t0 = IdleConnections::Clock::now();
  idle.add(a, t0);
  idle.add(b, t0 + 1ms);
  idle.add(c, t0 + 2ms);
  EXPECT_EQ(idle.oldest_unclaimed(), t0);
  idle.remove(a);  // a received a request
  EXPECT_EQ(idle.oldest_unclaimed(), t0 + 1ms);
  idle.add(a, t0 + 3ms);  // and waits again, now the youngest
  ASSERT_TRUE(idle.try_claim());
  idle.evict_claimed();
  ASSERT_TRUE(idle.try_claim());
  idle.evict_claimed();
  EXPECT_EQ(evicted, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(idle.oldest_unclaimed(), t0 + 3ms);
  idle.remove(a);
  idle.remove(a);  // not listed: nothing happens
  EXPECT_EQ(idle.oldest_unclaimed(), std::nullopt);
}

TEST(IdleConnections, ClaimsNeverExceedTheIdleConnections) {
  std::vector<std::string> evicted;
  FakeConnection a("a", evicted), b("b", evicted);
  IdleConnections idle;
  EXPECT_FALSE(idle.try_claim());
  auto now = IdleConnections::Clock::now();
  idle.add(a, now);
  idle.add(b, now);
  EXPECT_TRUE(idle.try_claim());
  EXPECT_TRUE(idle.try_claim());
  EXPECT_FALSE(idle.try_claim());
  EXPECT_EQ(idle.oldest_unclaimed(), std::nullopt);
  // Both got a request before the evictions ran: the claims find nobody to close.
  idle.remove(a);
  idle.remove(b);
  idle.evict_claimed();
  idle.evict_claimed();
  EXPECT_TRUE(evicted.empty());
  idle.add(a, now);
  EXPECT_TRUE(idle.try_claim());
  idle.evict_claimed();
  EXPECT_EQ(evicted, (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace dexcc::net
