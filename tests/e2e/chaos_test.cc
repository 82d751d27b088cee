// End-to-end chaos: another process takes SQLite's write lock under refresh load (5xx with a log
// line while it holds it, recovery without a restart when it lets go, no acknowledged rotation
// lost), and an upstream OIDC provider hangs on its token endpoint while several logins wait on it
// (the other routes keep answering, and the hung calls end within the connector's bounded time).
// kill -9 and database restarts are in crash_test.cc, db_restart_test.cc and etcd_test.cc.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <sqlite3.h>

#include "flow_helpers.h"
#include "refresh_chains.h"
#include "upstream_helpers.h"
#include "support/fake_upstream.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

// The storage fault: another process holds SQLite's write lock (a backup or maintenance job, or a
// second server pointed at the same file), so every write waits out the busy timeout (5 s) and
// fails. The tests run as root, for whom chmod stops nothing, and the immutable attribute did not
// stop SQLite either: in WAL mode it overwrites the -wal file in place, which the kernel allows
// through descriptors opened before.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::filesystem::path& db) {
    if (sqlite3_open_v2(db.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return;
    sqlite3_busy_timeout(db_, 10'000);
    held_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~WriteLockHolder() { release(); }
  bool held() const { return held_; }
  void release() {
    if (held_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    held_ = false;
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
  bool held_ = false;
};

TEST(E2EChaos, SqliteWriteLockTakenUnderLoadThenReleased) {
  auto dir = std::make_shared<TempDir>();
  DexccInstance dex(InstanceOptions{
      .config_body = "storage:\n  type: sqlite3\n  config:\n    file: {{DIR}}/dex.db\n" + RefreshChains::clients_yaml() +
                     kMockConnectorYaml +
                     "oauth2:\n  skipApprovalScreen: true\nexpiry:\n  refreshTokens:\n    reuseInterval: 120s\n",
      .dir = dir});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  RefreshChains chains(dex);
  ASSERT_TRUE(chains.log_in());
  std::atomic<bool> faulty{false};
  std::atomic<int> server_errors_before_fault{0};
  chains.start([&] {
    if (!faulty) ++server_errors_before_fault;
  });
  std::this_thread::sleep_for(500ms);
  size_t log_before = dex.process().output().size();
  faulty = true;
  WriteLockHolder lock(*dir / "dex.db");
  ASSERT_TRUE(lock.held());
  std::this_thread::sleep_for(7s);  // the fault: longer than the busy timeout
  // Reads still work meanwhile.
  EXPECT_EQ(dex.get("/.well-known/openid-configuration")->status, 200);
  EXPECT_EQ(dex.get("/keys")->status, 200);
  lock.release();
  int before = chains.ok;
  for (int i = 0; i < 300 && chains.ok < before + 20; ++i) std::this_thread::sleep_for(100ms);
  chains.stop();

  EXPECT_TRUE(dex.process().running()) << dex.process().output();
  EXPECT_GT(chains.server_errors.load(), 0) << "the fault went unnoticed";
  EXPECT_EQ(server_errors_before_fault.load(), 0);
  EXPECT_GE(chains.ok.load(), before + 20) << "no recovery once the lock is released";
  EXPECT_EQ(chains.other.load(), 0) << "refusals: an acknowledged rotation was lost";
  std::string fault_log = dex.process().output().substr(log_before);
  EXPECT_NE(fault_log.find("database is locked"), std::string::npos) << fault_log.substr(0, 4000);
  chains.expect_every_chain_refreshes();
  TokenReply fresh = login_tokens(dex, AuthParams{.client_id = "c0", .scope = "openid"}, RefreshChains::client(0));
  EXPECT_EQ(fresh.status(), 200) << fresh.http.body;
}

// An OIDC provider whose discovery and keys answer, and whose token endpoint takes the request and
// never answers until the test releases it.
class HangingProvider {
 public:
  HangingProvider() : server_([this](const ReceivedRequest& r) { return answer(r); }) {}
  ~HangingProvider() { release(); }
  std::string issuer() const { return server_.url(""); }
  int hanging() const { return hanging_; }
  void release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  FakeResponse answer(const ReceivedRequest& r) {
    std::string path = r.target.substr(0, r.target.find('?'));
    if (path == "/.well-known/openid-configuration") {
      nlohmann::json d{{"issuer", issuer()},
                       {"authorization_endpoint", issuer() + "/auth"},
                       {"token_endpoint", issuer() + "/token"},
                       {"jwks_uri", issuer() + "/keys"},
                       {"id_token_signing_alg_values_supported", {"RS256"}}};
      return FakeResponse{.headers = {{"Content-Type", "application/json"}}, .body = d.dump()};
    }
    if (path == "/keys") return FakeResponse{.headers = {{"Content-Type", "application/json"}}, .body = R"({"keys":[]})"};
    if (path != "/token") return FakeResponse{.status = 404};
    ++hanging_;
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return released_; });
    return FakeResponse{.status = 500};
  }

  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  std::atomic<int> hanging_{0};
  FakeUpstream server_;  // last: its threads stop before the members they use go away
};

TEST(E2EChaos, HangingUpstreamDoesNotStarveOtherRoutes) {
  HangingProvider provider;
  DexccInstance dex(oidc_downstream_config("hanging", provider.issuer()));

  ASSERT_TRUE(dex.started()) << dex.process().output();

  // Half the worker pool (16) waits on the provider's token endpoint.
  constexpr int kHung = 8;
  std::vector<std::thread> logins;
  std::atomic<int> ended{0};
  std::vector<int> statuses(kHung);
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kHung; ++i) {
    logins.emplace_back([&, i] {
      HttpResult to_upstream =
          fetch(dex, "GET", dex.path("/auth/hanging") + "?" + auth_query({.scope = "openid email"}));
      Url up = parse_url(location(to_upstream));
      // The client's own patience (30 s) is shorter than the connector's bound: wait on a raw
      // connection instead, for as long as the bound and a margin.
      RawConnection c("127.0.0.1", dex.port());
      c.send("GET " + dex.path("/callback") + "?" +
             encode({{"code", "c"}, {"state", std::string(up.query.get("state"))}}) +
             " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      auto r = c.read_response(90s);
      statuses[i] = r ? r->status : 0;
      ++ended;
    });
  }
  for (int i = 0; i < 100 && provider.hanging() < kHung; ++i) std::this_thread::sleep_for(100ms);
  ASSERT_EQ(provider.hanging(), kHung);

  // Meanwhile every other route answers: discovery, keys, health, and whole logins elsewhere.
  const Basic app{"app", "app-secret"};
  for (int round = 0; round < 5; ++round) {
    EXPECT_EQ(dex.get("/.well-known/openid-configuration")->status, 200);
    EXPECT_EQ(dex.get("/keys")->status, 200);
    EXPECT_EQ(dex.get("/healthz")->status, 200);
    EXPECT_EQ(login_tokens(dex, AuthParams{.scope = "openid"}, app).status(), 200);
  }
  EXPECT_EQ(ended, 0);

  // The hung calls end on the connector's own bound (60 s for the whole upstream exchange), each
  // with dex's error page, not when the provider lets go.
  for (auto& t : logins) t.join();
  auto took = std::chrono::steady_clock::now() - started;
  for (int s : statuses) EXPECT_EQ(s, 500);
  EXPECT_LT(took, 85s);
  EXPECT_NE(dex.process().output().find("oidc: failed to get token"), std::string::npos);
  EXPECT_EQ(login_tokens(dex, AuthParams{.scope = "openid"}, app).status(), 200);
}

}  // namespace
}  // namespace dexcc::testing
