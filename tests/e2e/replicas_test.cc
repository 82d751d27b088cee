// End-to-end: several dexcc processes on one PostgreSQL or MySQL database, as replicas behind a
// load balancer: logins and refreshes spread over them, one key set, refresh rotation rules held
// across processes, and a replica killed with SIGKILL under refresh load losing nothing it
// acknowledged. Skipped when the database servers are not running.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <thread>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

const Basic kApp{"app", "app-secret"};

// Clients c0..c7 beside "app": every login is the same mock user, and a new login replaces the
// user's refresh token for that client, so independent refresh chains need a client each.
std::string client_yaml(int i) {
  return "- id: c" + std::to_string(i) + "\n  secret: c-secret\n  name: C\n  redirectURIs: ['http://127.0.0.1:5555/callback']\n";
}

std::string config(const std::string& extra = {}) {
  std::string clients = app_client_yaml();
  for (int i = 0; i < 8; ++i) clients += client_yaml(i);
  return "staticClients:\n" + clients + kMockConnectorYaml + "oauth2:\n  skipApprovalScreen: true\n" + extra;
}

Basic chain_client(int i) {
  return Basic{"c" + std::to_string(i), "c-secret"};
}

AuthParams chain_login(int i) {
  return AuthParams{.client_id = "c" + std::to_string(i), .scope = "openid offline_access"};
}

class E2EReplicas : public StoreTest {
 protected:
  // Starts `n` replicas together (so they race for the first key rotation and the migrations) on
  // one fresh database.
  void start_replicas(int n, const std::string& extra = {}) {
    std::string body = storage_yaml(GetParam()) + config(extra);
    replicas_.resize(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] { replicas_[i] = std::make_unique<DexccInstance>(InstanceOptions{.config_body = body}); });
    }
    for (auto& t : threads) t.join();
    for (auto& r : replicas_) ASSERT_TRUE(r->started()) << r->process().output();
  }
  DexccInstance& replica(size_t i) { return *replicas_[i % replicas_.size()]; }

  std::vector<std::unique_ptr<DexccInstance>> replicas_;
};

template <class F>
void in_parallel(int n, F body) {
  std::latch go(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      body(i);
    });
  }
  for (auto& t : threads) t.join();
}

// Replicas starting together rotate once: they serve one key set, the signing key and the next
// one published before use (two keys; a second rotation would have added a third or dropped one).
TEST_P(E2EReplicas, OneKeySetAcrossReplicas) {
  start_replicas(3);
  auto key_set = [&](size_t i) {
    auto k = replica(i).get("/keys");
    return k && k->status == 200 ? nlohmann::json::parse(k->body)["keys"] : nlohmann::json();
  };
  // The next key is published in the background; wait (bounded) until every replica serves it.
  nlohmann::json set;
  for (int attempt = 0; attempt < 300; ++attempt) {
    set = key_set(0);
    if (set.size() == 2 && key_set(1) == set && key_set(2) == set) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(set.size(), 2u) << set.dump();
  EXPECT_EQ(key_set(1), set);
  EXPECT_EQ(key_set(2), set);
  // Tokens signed by any replica carry a key every replica publishes.
  for (size_t i = 0; i < 3; ++i) {
    TokenReply t = login_tokens(replica(i), AuthParams{.scope = "openid"}, kApp);
    ASSERT_EQ(t.status(), 200) << t.http.body;
    std::string id_token = t.str("id_token");
    auto header = nlohmann::json::parse(base::base64url_decode(id_token.substr(0, id_token.find('.'))).value());
    bool found = false;
    for (const auto& k : set) found = found || k["kid"] == header["kid"];
    EXPECT_TRUE(found) << header.dump();
  }
}

TEST_P(E2EReplicas, ConcurrentLoginsAndRefreshesSpreadOverReplicasHaveNoServerErrors) {
  start_replicas(2);
  constexpr int kUsers = 40;
  std::mutex mu;
  std::vector<std::string> errors;
  auto note = [&](const std::string& what, int status, const std::string& body) {
    if (status != 0 && status < 500) return;
    std::lock_guard lock(mu);
    errors.push_back(what + " " + std::to_string(status) + " " + body.substr(0, 200));
  };
  std::vector<std::string> tokens(kUsers);
  // Each login starts on one replica and redeems its code on the other; all of them log in the
  // same user, so their offline session is one row updated by every login (dex issue #1341).
  in_parallel(kUsers, [&](int i) {
    HttpResult done = login(replica(i), AuthParams{.scope = "openid email offline_access", .state = "s" + std::to_string(i)});
    note("login", done.status, done.body);
    std::string code = code_of(done);
    if (code.empty()) return;
    TokenReply t = redeem(replica(i + 1), code, kApp);
    note("redeem", t.status(), t.http.body);
    tokens[i] = t.str("refresh_token");
  });
  // Every refresh token (only the last login's is current) refreshed on both replicas at once.
  in_parallel(kUsers * 2, [&](int i) {
    if (tokens[i / 2].empty()) return;
    TokenReply r = refresh(replica(i), tokens[i / 2], kApp);
    note("refresh", r.status(), r.http.body);
  });
  EXPECT_TRUE(errors.empty()) << errors.size() << " server errors, first: " << errors.front();
}

TEST_P(E2EReplicas, RefreshRotatedOnOneReplicaIsRefusedOnAnother) {
  start_replicas(2);
  TokenReply t = login_tokens(replica(0), AuthParams{.scope = "openid offline_access"}, kApp);
  ASSERT_EQ(t.status(), 200) << t.http.body;
  std::string r0 = t.str("refresh_token");
  TokenReply r1 = refresh(replica(0), r0, kApp);
  ASSERT_EQ(r1.status(), 200) << r1.http.body;
  EXPECT_EQ(refresh(replica(1), r0, kApp).status(), 400);
  TokenReply r2 = refresh(replica(1), r1.str("refresh_token"), kApp);
  EXPECT_EQ(r2.status(), 200) << r2.http.body;
}

TEST_P(E2EReplicas, ReuseIntervalHoldsAcrossReplicas) {
  start_replicas(2, "expiry:\n  refreshTokens:\n    reuseInterval: 60s\n");
  TokenReply t = login_tokens(replica(0), AuthParams{.scope = "openid offline_access"}, kApp);
  ASSERT_EQ(t.status(), 200) << t.http.body;
  std::string r0 = t.str("refresh_token");
  // Inside the interval from issue nothing rotates, whichever replica answers.
  TokenReply a = refresh(replica(0), r0, kApp);
  TokenReply b = refresh(replica(1), r0, kApp);
  ASSERT_EQ(a.status(), 200) << a.http.body;
  ASSERT_EQ(b.status(), 200) << b.http.body;
  EXPECT_EQ(a.str("refresh_token"), r0);
  EXPECT_EQ(b.str("refresh_token"), r0);
}

// SIGKILL of one replica while clients refresh through both: every rotation a client saw
// acknowledged is in the database, so its token keeps working on the surviving replica. (With a
// reuse interval, a rotation the killed replica committed but never answered leaves the
// acknowledged token usable too, as on one process.)
TEST_P(E2EReplicas, KilledReplicaUnderRefreshLoadLosesNoAcknowledgedRotation) {
  start_replicas(2, "expiry:\n  refreshTokens:\n    reuseInterval: 120s\n");
  constexpr int kClients = 6;
  std::vector<std::string> last(kClients);
  for (int i = 0; i < kClients; ++i) {
    TokenReply t = login_tokens(replica(0), chain_login(i), chain_client(i));
    ASSERT_EQ(t.status(), 200) << t.http.body;
    last[i] = t.str("refresh_token");
  }
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      // Alternate replicas; answers from the killed one stop, the others go on.
      for (int n = 0; !stop; ++n) {
        TokenReply r = refresh(replica(static_cast<size_t>(i + n)), last[i], chain_client(i));
        if (r.status() == 200) {
          last[i] = r.str("refresh_token");
          ++acknowledged;
        }
      }
    });
  }
  for (int i = 0; i < 200 && acknowledged < 30; ++i) std::this_thread::sleep_for(50ms);
  replica(0).process().signal(SIGKILL);
  std::this_thread::sleep_for(500ms);
  stop = true;
  for (auto& c : clients) c.join();
  EXPECT_GE(acknowledged.load(), 1);
  for (int i = 0; i < kClients; ++i) {
    TokenReply r = refresh(replica(1), last[i], chain_client(i));
    EXPECT_EQ(r.status(), 200) << "client " << i << ": " << r.http.body;
  }
}

INSTANTIATE_TEST_SUITE_P(Storage, E2EReplicas, ::testing::Values(Store::kPostgres, Store::kMysql, Store::kKubernetes),
                         store_name);

}  // namespace
}  // namespace dexcc::testing
