// Two storages on one PostgreSQL or MySQL database, as two replicas hold them: garbage collection
// running in both at once, and the first key rotation raced by both. Skipped without the servers.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "storage/conformance.h"
#include "storage/mysql/mysql.h"
#include "storage/postgres/postgres.h"
#include "support/services.h"

namespace dexcc::storage::testing {
namespace {

enum class Server { kPostgres, kMysql };

class ServerReplicas : public ::testing::TestWithParam<Server> {
 protected:
  void SetUp() override {
    std::string why;
    if (GetParam() == Server::kPostgres) {
      auto s = dexcc::testing::postgres_server(&why);
      if (!s) GTEST_SKIP() << why;
      std::string db = dexcc::testing::create_postgres_database(*s, &why);
      ASSERT_FALSE(db.empty()) << why;
      config_ = {{"host", s->host}, {"port", std::stoi(s->port)}, {"database", db}, {"user", "postgres"},
                 {"ssl", {{"mode", "disable"}}}};
    } else {
      auto s = dexcc::testing::mysql_server(&why);
      if (!s) GTEST_SKIP() << why;
      std::string db = dexcc::testing::create_mysql_database(*s, &why);
      ASSERT_FALSE(db.empty()) << why;
      config_ = {{"host", s->host}, {"port", std::stoi(s->port)}, {"database", db}, {"user", s->user},
                 {"password", s->password}, {"ssl", {{"mode", "false"}}}};
    }
  }
  std::unique_ptr<Storage> open() {
    auto s = GetParam() == Server::kPostgres ? postgres::open_from_config(config_) : mysql::open_from_config(config_);
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  nlohmann::json config_;
};

// Runs body(i) for i in 0..n-1 on threads released together.
template <class F>
void together(int n, F body) {
  std::latch go(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&, i] {
      go.arrive_and_wait();
      body(i);
    });
  for (auto& t : threads) t.join();
}

TEST_P(ServerReplicas, GarbageCollectionInEveryReplica) {
  auto a = open(), b = open();
  ASSERT_TRUE(a && b);
  constexpr int kCodes = 40;
  for (int i = 0; i < kCodes; ++i) {
    AuthCode c = sample_auth_code();
    c.expiry = sample_time();
    ASSERT_STORAGE_OK(a->create_auth_code(c));
  }
  std::atomic<int64_t> deleted{0};
  std::atomic<int> failures{0};
  Storage* replicas[] = {a.get(), b.get()};
  together(4, [&](int i) {
    auto r = replicas[i % 2]->garbage_collect(sample_time() + std::chrono::hours(1));
    if (r) {
      deleted += r->auth_codes;
    } else {
      ++failures;
    }
  });
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(deleted.load(), kCodes);
}

// Both replicas find no keys and rotate at once: one rotation wins, the other's updater reruns
// and sees it (the updater may run more than once), and neither fails.
TEST_P(ServerReplicas, FirstKeyRotationRacedByTwoReplicas) {
  auto a = open(), b = open();
  ASSERT_TRUE(a && b);
  std::atomic<int> rotations{0}, failures{0};
  Storage* replicas[] = {a.get(), b.get()};
  together(2, [&](int i) {
    auto r = replicas[i]->update_keys([&](Keys k) -> Result<Keys> {
      if (!k.signing_key.empty()) return k;  // already rotated by the other replica
      ++rotations;
      Keys next = sample_keys();
      next.signing_key_pub = std::string(R"({"kid":"replica-)") + char('a' + i) + R"("})";
      return next;
    });
    if (!r) ++failures;
  });
  EXPECT_EQ(failures.load(), 0);
  auto k = a->get_keys();
  ASSERT_STORAGE_OK(k);
  EXPECT_EQ(b->get_keys()->signing_key_pub, k->signing_key_pub);
  EXPECT_GE(rotations.load(), 1);
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerReplicas, ::testing::Values(Server::kPostgres, Server::kMysql),
                         [](const auto& info) { return info.param == Server::kPostgres ? "Postgres" : "Mysql"; });

}  // namespace
}  // namespace dexcc::storage::testing
