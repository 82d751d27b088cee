// End-to-end: the PostgreSQL server restarts under refresh load. Requests during the outage get a
// 5xx and dexcc logs why; afterwards the pool reconnects by itself, the process never exits, and
// every rotation a client saw acknowledged survives. The test runs its own server (initdb in its
// temp folder), so restarting it disturbs no other test.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "flow_helpers.h"
#include "refresh_chains.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

int sh(const std::string& command) {
  return std::system(command.c_str());
}

// A private PostgreSQL server on a free port in a temp folder, controlled with pg_ctl.
class PrivatePostgres {
 public:
  PrivatePostgres(const std::string& bin, int port) : bin_(bin), port_(port) {
    std::string d = dir_.path().string();
    ok_ = sh("chmod 755 " + d + " && mkdir -p " + d + "/sock && chown -R postgres:postgres " + d) == 0 &&
          sh("runuser -u postgres -- " + bin_ + "/initdb -D " + d + "/data -U postgres --auth=trust -E UTF8 "
             "--no-locale --no-sync > " + d + "/initdb.log 2>&1") == 0 &&
          start();
  }
  ~PrivatePostgres() { stop(); }
  bool ok() const { return ok_; }
  bool start() {
    std::string d = dir_.path().string();
    return sh("runuser -u postgres -- " + bin_ + "/pg_ctl -D " + d + "/data -l " + d + "/server.log -w -o \"" +
              "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " + d + "/sock -c fsync=off\" start > /dev/null") == 0;
  }
  void stop() {
    sh("runuser -u postgres -- " + bin_ + "/pg_ctl -D " + dir_.path().string() + "/data -m fast -w stop > /dev/null 2>&1");
  }

 private:
  TempDir dir_;
  std::string bin_;
  int port_;
  bool ok_ = false;
};

TEST(E2EDatabaseRestart, PostgresRestartUnderLoadReconnectsAndLosesNothing) {
  std::string why;
  auto server = postgres_server(&why);
  if (!server || server->bin_dir.empty()) GTEST_SKIP() << (why.empty() ? "no PostgreSQL binaries" : why);
  int port = free_port();
  PrivatePostgres pg(server->bin_dir, port);
  ASSERT_TRUE(pg.ok()) << "could not start a private PostgreSQL on port " << port;

  DexccInstance dex(InstanceOptions{
      .config_body = "storage:\n  type: postgres\n  config:\n    host: 127.0.0.1\n    port: " + std::to_string(port) +
                     "\n    database: postgres\n    user: postgres\n    ssl:\n      mode: disable\n" +
                     RefreshChains::clients_yaml() + kMockConnectorYaml +
                     "oauth2:\n  skipApprovalScreen: true\nexpiry:\n  refreshTokens:\n    reuseInterval: 120s\n"});
  ASSERT_TRUE(dex.started()) << dex.process().output();

  RefreshChains chains(dex);
  ASSERT_TRUE(chains.log_in());
  chains.start();
  std::this_thread::sleep_for(500ms);
  pg.stop();
  std::this_thread::sleep_for(1500ms);  // the outage
  ASSERT_TRUE(pg.start());
  // Bounded wait for the pool to heal: a refresh on every client's token succeeds again.
  int before = chains.ok;
  for (int i = 0; i < 300 && chains.ok < before + 20; ++i) std::this_thread::sleep_for(100ms);
  chains.stop();

  EXPECT_TRUE(dex.process().running()) << dex.process().output();
  EXPECT_GT(chains.server_errors.load(), 0) << "the outage went unnoticed";
  EXPECT_GE(chains.ok.load(), before + 20) << "no recovery after the restart";
  EXPECT_EQ(chains.other.load(), 0) << "refusals: an acknowledged rotation was lost";
  // The outage was logged.
  EXPECT_NE(dex.process().output().find("postgres"), std::string::npos);
  chains.expect_every_chain_refreshes();
}

}  // namespace
}  // namespace dexcc::testing
