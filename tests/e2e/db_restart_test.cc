// End-to-end: the database server (PostgreSQL, MariaDB) restarts, or kills dexcc's connections,
// under refresh load. Requests during the outage get a 5xx and dexcc logs why; afterwards the
// pool reconnects by itself, the process never exits, and every rotation a client saw
// acknowledged survives. Each test runs its own server in its temp folder, so restarting it
// disturbs no other test.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <sstream>
#include <thread>

#include "flow_helpers.h"
#include "support/http_client.h"
#include "support/mariadb_server.h"
#include "support/private_postgres.h"
#include "support/temp_dir.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

// One client per refresh chain: a new login of the (one) mock user replaces its refresh token for
// that client.
constexpr int kClients = 4;

Basic chain_client(int i) {
  return Basic{"c" + std::to_string(i), "c-secret"};
}

std::string clients_yaml() {
  std::string out = "staticClients:\n";
  for (int i = 0; i < kClients; ++i) {
    out += "- id: c" + std::to_string(i) + "\n  secret: c-secret\n  name: C\n  redirectURIs: ['http://127.0.0.1:5555/callback']\n";
  }
  return out;
}

// The rest of the config after `storage:`. The reuse interval covers a rotation committed by the
// server whose answer the outage swallowed: the client keeps its previous token, which still works.
std::string config_after_storage() {
  return clients_yaml() + kMockConnectorYaml +
         "oauth2:\n  skipApprovalScreen: true\nexpiry:\n  refreshTokens:\n    reuseInterval: 120s\n";
}

std::string postgres_config(const PrivatePostgres& pg) {
  return "storage:\n  type: postgres\n  config:\n    host: 127.0.0.1\n    port: " + std::to_string(pg.port()) +
         "\n    database: postgres\n    user: postgres\n    ssl:\n      mode: disable\n" + config_after_storage();
}

// Idle connections kept (dex's MySQL default keeps none), so stale ones meet the fault too.
std::string mariadb_config(const MariadbServer& db) {
  return "storage:\n  type: mysql\n  config:\n    host: 127.0.0.1\n    port: " + std::to_string(db.port()) +
         "\n    database: " + MariadbServer::kDatabase + "\n    user: " + MariadbServer::kUser +
         "\n    password: " + MariadbServer::kPassword + "\n    maxIdleConns: 5\n    ssl:\n      mode: \"false\"\n" +
         config_after_storage();
}

bool logged_outage(const std::string& output, const std::string& driver) {
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    bool loud = line.find("level=ERROR") != std::string::npos || line.find("level=WARN") != std::string::npos;
    if (loud && line.find(driver + ": ") != std::string::npos) return true;
  }
  return false;
}

// Logs in every chain, keeps refreshing them from one thread each, starts a fault for 1.5 s
// (`begin_fault`: the server stopped, connections killed), ends it, and checks the outage and the
// recovery. `driver` is the word dexcc's log lines about the outage carry; with `outage` false the
// fault may go unnoticed by clients (dropped connections are redialled before the work is redone).
void fault_under_load(DexccInstance& dex, const std::function<void()>& begin_fault,
                      const std::function<bool()>& end_fault, const std::string& driver, bool outage = true) {
  std::vector<std::string> last(kClients);
  for (int i = 0; i < kClients; ++i) {
    TokenReply t = login_tokens(dex, AuthParams{.client_id = "c" + std::to_string(i), .scope = "openid offline_access"},
                                chain_client(i));
    ASSERT_EQ(t.status(), 200) << t.http.body;
    last[i] = t.str("refresh_token");
  }
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, server_errors{0}, other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      while (!stop) {
        TokenReply r = refresh(dex, last[i], chain_client(i));
        if (r.status() == 200) {
          last[i] = r.str("refresh_token");
          ++ok;
        } else if (r.status() >= 500) {
          ++server_errors;
          std::this_thread::sleep_for(20ms);
        } else {
          ++other;
        }
      }
    });
  }
  std::this_thread::sleep_for(500ms);
  begin_fault();
  std::this_thread::sleep_for(1500ms);  // the outage
  bool restarted = end_fault();
  // Bounded wait for the pool to heal: refreshes succeed again.
  int before = ok;
  for (int i = 0; restarted && i < 300 && ok < before + 20; ++i) std::this_thread::sleep_for(100ms);
  stop = true;
  for (auto& c : clients) c.join();
  ASSERT_TRUE(restarted) << "the database server did not start again";

  EXPECT_TRUE(dex.process().running()) << dex.process().output();
  if (outage) {
    EXPECT_GT(server_errors.load(), 0) << "the outage went unnoticed";
  }
  EXPECT_GE(ok.load(), before + 20) << "no recovery after the restart";
  EXPECT_EQ(other.load(), 0) << "refusals: an acknowledged rotation was lost";
  // The outage was logged: a warning or error line naming the driver.
  if (outage || server_errors > 0) {
    EXPECT_TRUE(logged_outage(dex.process().output(), driver)) << dex.process().output();
  }
  for (int i = 0; i < kClients; ++i) {
    TokenReply r = refresh(dex, last[i], chain_client(i));
    EXPECT_EQ(r.status(), 200) << r.http.body;
  }
}

TEST(E2EDatabaseRestart, PostgresRestartUnderLoadReconnectsAndLosesNothing) {
  if (PrivatePostgres::bin_dir().empty()) GTEST_SKIP() << "no PostgreSQL server binaries (Debian's postgresql)";
  PrivatePostgres pg;
  ASSERT_TRUE(pg.ok()) << "could not start a private PostgreSQL: " << pg.log();

  DexccInstance dex(InstanceOptions{.config_body = postgres_config(pg)});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  fault_under_load(dex, [&] { pg.stop(); }, [&] { return pg.start(); }, "postgres");
}

TEST(E2EDatabaseRestart, MariadbRestartUnderLoadReconnectsAndLosesNothing) {
  if (!MariadbServer::available()) GTEST_SKIP() << "no MariaDB server binaries (Debian's mariadb-server)";
  MariadbServer db;
  ASSERT_TRUE(db.ok()) << "could not start a private MariaDB: " << db.log();

  DexccInstance dex(InstanceOptions{.config_body = mariadb_config(db)});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  fault_under_load(dex, [&] { db.stop(); }, [&] { return db.start(); }, "mysql");
}

// Kills the connections `kill` finds every 50 ms on a thread of its own, between begin and end.
class Killer {
 public:
  explicit Killer(std::function<void()> kill) : kill_(std::move(kill)) {}
  ~Killer() { end(); }
  void begin() {
    thread_ = std::thread([this] {
      while (!stop_) {
        kill_();
        std::this_thread::sleep_for(50ms);
      }
    });
  }
  bool end() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return true;
  }

 private:
  std::function<void()> kill_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(E2EDatabaseRestart, PostgresConnectionsKilledUnderLoadAreRedialled) {
  if (PrivatePostgres::bin_dir().empty()) GTEST_SKIP() << "no PostgreSQL server binaries (Debian's postgresql)";
  PrivatePostgres pg;
  ASSERT_TRUE(pg.ok()) << "could not start a private PostgreSQL: " << pg.log();
  DexccInstance dex(InstanceOptions{.config_body = postgres_config(pg)});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  Killer killer([&] { pg.exec("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'dexcc'"); });
  fault_under_load(dex, [&] { killer.begin(); }, [&] { return killer.end(); }, "postgres", /*outage=*/false);
}

TEST(E2EDatabaseRestart, MariadbConnectionsKilledUnderLoadAreRedialled) {
  if (!MariadbServer::available()) GTEST_SKIP() << "no MariaDB server binaries (Debian's mariadb-server)";
  MariadbServer db;
  ASSERT_TRUE(db.ok()) << "could not start a private MariaDB: " << db.log();
  DexccInstance dex(InstanceOptions{.config_body = mariadb_config(db)});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  Killer killer([&] { db.kill_connections(MariadbServer::kUser); });
  fault_under_load(dex, [&] { killer.begin(); }, [&] { return killer.end(); }, "mysql", /*outage=*/false);
}

}  // namespace
}  // namespace dexcc::testing
