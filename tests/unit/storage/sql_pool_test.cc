// The server connection pool stays within its configured bounds (maxOpenConns under concurrent
// demand, maxIdleConns between uses, connMaxLifetime), drops broken connections, and gives up
// waiting after its bound.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "storage/sql/pool.h"

namespace dexcc::storage::sql {
namespace {

using namespace std::chrono_literals;

// Counts live connections, so the test sees what the pool really holds open.
struct Counters {
  std::atomic<int> live{0}, peak{0}, dialled{0};
  std::atomic<bool> refuse{false};
};

class FakeConn final : public Conn {
 public:
  explicit FakeConn(Counters& c) : c_(c) {
    int now = ++c_.live;
    int peak = c_.peak.load();
    while (now > peak && !c_.peak.compare_exchange_weak(peak, now)) {
    }
  }
  ~FakeConn() override { --c_.live; }
  Result<std::unique_ptr<Statement>> prepare(const std::string&, std::string_view) override {
    return fail("not used");
  }
  Result<void> exec(const std::string&, std::string_view) override { return {}; }
  Failure last_failure() const override { return failure; }
  Failure failure = Failure::kNone;

 private:
  Counters& c_;
};

Pool::Dial dialer(Counters& c) {
  return [&c]() -> Result<std::unique_ptr<Conn>> {
    if (c.refuse) return fail("cannot connect to host h port 1: refused");
    ++c.dialled;
    return std::unique_ptr<Conn>(new FakeConn(c));
  };
}

TEST(SqlPool, ConcurrentDemandNeverOpensMoreThanMaxOpen) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 3, .max_idle = 2});
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto lease = pool.acquire();
        ASSERT_TRUE(lease.has_value()) << lease.error().message;
        EXPECT_LE(pool.open_count(), 3);
        std::this_thread::sleep_for(100us);
        ++done;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), 600);
  EXPECT_LE(c.peak.load(), 3);
  EXPECT_EQ(c.peak.load(), 3) << "12 threads should have used every allowed connection";
  // Between uses at most maxIdleConns stay open.
  EXPECT_EQ(pool.open_count(), 2);
  EXPECT_EQ(c.live.load(), 2);
}

TEST(SqlPool, IdleConnectionsAreReused) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 5, .max_idle = 5});
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(pool.acquire().has_value());
  EXPECT_EQ(c.dialled.load(), 1);
}

TEST(SqlPool, ZeroIdleClosesEveryConnectionAfterUse) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 5, .max_idle = 0});  // dex's MySQL default
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pool.acquire().has_value());
  EXPECT_EQ(c.dialled.load(), 3);
  EXPECT_EQ(c.live.load(), 0);
  EXPECT_EQ(pool.open_count(), 0);
}

TEST(SqlPool, IdleLimitAboveOpenLimitIsLowered) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 2, .max_idle = 10});
  {
    auto a = pool.acquire(), b = pool.acquire();
    ASSERT_TRUE(a && b);
  }
  EXPECT_EQ(c.live.load(), 2);
}

TEST(SqlPool, BrokenConnectionIsClosedNotReturned) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 2, .max_idle = 2});
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.has_value());
    static_cast<FakeConn&>(**lease).failure = Failure::kBroken;
  }
  EXPECT_EQ(c.live.load(), 0);
  EXPECT_EQ(pool.open_count(), 0);
  ASSERT_TRUE(pool.acquire().has_value());
  EXPECT_EQ(c.dialled.load(), 2) << "the next caller dials a fresh connection";
}

TEST(SqlPool, FailedDialGivesItsSlotBack) {
  Counters c;
  c.refuse = true;
  Pool pool(dialer(c), PoolLimits{.max_open = 1, .max_idle = 1, .wait = 0s});
  for (int i = 0; i < 3; ++i) {
    auto lease = pool.acquire();
    ASSERT_FALSE(lease.has_value());
    EXPECT_EQ(lease.error().message, "cannot connect to host h port 1: refused");
  }
  EXPECT_EQ(pool.open_count(), 0);
  c.refuse = false;  // the server is back: the pool heals by itself
  EXPECT_TRUE(pool.acquire().has_value());
}

TEST(SqlPool, WaitingForAFreeConnectionIsBounded) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 1, .max_idle = 1, .wait = 1s});
  auto held = pool.acquire();
  ASSERT_TRUE(held.has_value());
  auto start = std::chrono::steady_clock::now();
  auto second = pool.acquire();
  ASSERT_FALSE(second.has_value());
  EXPECT_NE(second.error().message.find("maxOpenConns"), std::string::npos) << second.error().message;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
  EXPECT_EQ(c.dialled.load(), 1);
}

TEST(SqlPool, AWaiterGetsTheConnectionReleasedToIt) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 1, .max_idle = 1});
  std::optional<Result<Pool::Lease>> held(pool.acquire());
  ASSERT_TRUE(held->has_value());
  std::thread waiter([&] { EXPECT_TRUE(pool.acquire().has_value()); });
  std::this_thread::sleep_for(50ms);
  held.reset();
  waiter.join();
  EXPECT_EQ(c.dialled.load(), 1);
}

TEST(SqlPool, ConnectionsOlderThanTheLifetimeAreReplaced) {
  Counters c;
  Pool pool(dialer(c), PoolLimits{.max_open = 2, .max_idle = 2, .max_lifetime = 1s});
  ASSERT_TRUE(pool.acquire().has_value());
  ASSERT_TRUE(pool.acquire().has_value());
  EXPECT_EQ(c.dialled.load(), 1);
  std::this_thread::sleep_for(1100ms);
  ASSERT_TRUE(pool.acquire().has_value());
  EXPECT_EQ(c.dialled.load(), 2);
  EXPECT_EQ(c.live.load(), 1) << "the old connection was closed";
}

}  // namespace
}  // namespace dexcc::storage::sql
