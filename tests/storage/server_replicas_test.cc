// Two storages on one PostgreSQL or MySQL database, as two replicas hold them: garbage collection
// running in both at once, and the first key rotation raced by both; and one storage's connections
// as the server counts them, within maxOpenConns under load. Skipped without the servers.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <mysql.h>

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

// The connections the server has open to the test's database, counted by the server itself.
int server_connections(Server server, const std::string& db) {
  std::string why;
  if (server == Server::kPostgres) {
    auto s = dexcc::testing::postgres_server(&why);
    std::string info = "host=" + s->host + " port=" + s->port + " user=postgres dbname=postgres";
    PGconn* c = PQconnectdb(info.c_str());
    PGresult* r = PQexec(c, ("select count(*) from pg_stat_activity where datname = '" + db + "'").c_str());
    int n = PQresultStatus(r) == PGRES_TUPLES_OK ? std::stoi(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    PQfinish(c);
    return n;
  }
  auto s = dexcc::testing::mysql_server(&why);
  MYSQL* m = mysql_init(nullptr);
  int n = -1;
  if (mysql_real_connect(m, s->host.c_str(), s->user.c_str(), s->password.c_str(), nullptr,
                         static_cast<unsigned>(std::stoi(s->port)), nullptr, 0) != nullptr &&
      mysql_query(m, ("select count(*) from information_schema.processlist where db = '" + db + "'").c_str()) == 0) {
    MYSQL_RES* r = mysql_store_result(m);
    if (MYSQL_ROW row = mysql_fetch_row(r)) n = std::stoi(row[0]);
    mysql_free_result(r);
  }
  mysql_close(m);
  return n;
}

// Twelve threads updating one row and reading it, on a pool of at most 2: the server never sees
// more than 2 connections from it, every call succeeds (callers wait for a free connection), and
// between uses at most maxIdleConns (1) stay open.
TEST_P(ServerReplicas, ConnectionsStayWithinThePoolLimits) {
  config_["maxOpenConns"] = 2;
  config_["maxIdleConns"] = 1;
  auto s = open();
  ASSERT_TRUE(s);
  const std::string db = config_["database"];
  ASSERT_STORAGE_OK(s->create_client(Client{"pooled", "secret", {}, {}, false, "0", ""}));
  std::atomic<bool> done{false};
  std::atomic<int> peak{0}, failures{0};
  std::thread sampler([&] {
    while (!done) {
      peak = std::max(peak.load(), server_connections(GetParam(), db));
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  together(12, [&](int) {
    for (int i = 0; i < 25; ++i) {
      auto u = s->update_client("pooled", [](Client c) -> Result<Client> {
        c.name = std::to_string(std::stoi(c.name) + 1);
        return c;
      });
      if (!u || !s->get_client("pooled")) ++failures;
    }
  });
  done = true;
  sampler.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(s->get_client("pooled")->name, "300") << "no update lost";
  EXPECT_GE(peak.load(), 1);
  EXPECT_LE(peak.load(), 2);
  EXPECT_LE(server_connections(GetParam(), db), 1);
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerReplicas, ::testing::Values(Server::kPostgres, Server::kMysql),
                         [](const auto& info) { return info.param == Server::kPostgres ? "Postgres" : "Mysql"; });

}  // namespace
}  // namespace dexcc::storage::testing
