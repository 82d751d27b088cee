// End-to-end on etcd only: two dexcc replicas sharing one etcd under concurrent refreshes (no 5xx,
// rotation stays atomic across replicas), and an etcd restart under load (5xx and a log line
// naming etcd during the outage, then recovery without restarting dexcc).
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "flow_helpers.h"
#include "support/etcd_server.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

constexpr int kClients = 4;

// Four confidential clients "app0".."app3": one user's refresh chains that all record their use
// in the same offline session, so replicas race on that record.
std::string config() {
  std::string clients = "staticClients:\n";
  for (int i = 0; i < kClients; ++i) {
    std::string id = "app" + std::to_string(i);
    clients += "- id: " + id + "\n  secret: " + id + "-secret\n  name: " + id +
               "\n  redirectURIs: ['http://127.0.0.1:5555/callback']\n";
  }
  return clients + kMockConnectorYaml + "oauth2:\n  skipApprovalScreen: true\n";
}

Basic client(int i) {
  std::string id = "app" + std::to_string(i);
  return Basic{id, id + "-secret"};
}

std::string first_refresh_token(const DexccInstance& dex, int i) {
  TokenReply t = login_tokens(
      dex, AuthParams{.client_id = "app" + std::to_string(i), .scope = "openid email offline_access"},
      client(i));
  EXPECT_EQ(t.status(), 200) << t.http.body;
  return t.str("refresh_token");
}

TEST(E2EEtcd, TwoReplicasShareStateUnderConcurrentRefreshes) {
  auto endpoint = etcd_endpoint();
  if (!endpoint) GTEST_SKIP() << etcd_skip_reason();
  const std::string storage = etcd_storage_yaml(*endpoint, unique_etcd_namespace());
  DexccInstance a(InstanceOptions{.config_body = storage + config()});
  ASSERT_TRUE(a.started()) << a.process().output();
  DexccInstance b(InstanceOptions{.config_body = storage + config()});  // reads a's signing keys
  ASSERT_TRUE(b.started()) << b.process().output();
  const DexccInstance* replicas[] = {&a, &b};

  // Each client's chain alternates replicas, all chains at once: every refresh must succeed.
  std::atomic<int> server_errors{0}, failures{0};
  std::vector<std::thread> chains;
  for (int i = 0; i < kClients; ++i) {
    chains.emplace_back([&, i] {
      std::string token = first_refresh_token(*replicas[i % 2], i);
      for (int step = 0; step < 15 && !token.empty(); ++step) {
        TokenReply r = refresh(*replicas[(i + step) % 2], token, client(i));
        if (r.status() >= 500 || r.status() == 0) ++server_errors;
        if (r.status() != 200) {
          ++failures;
          ADD_FAILURE() << "client " << i << " step " << step << ": " << r.status() << " " << r.http.body;
          return;
        }
        token = r.str("refresh_token");
      }
    });
  }
  for (auto& t : chains) t.join();
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_EQ(failures.load(), 0);

  // One token refreshed 40 times at once through both replicas: one winner, no 5xx.
  std::string r0 = first_refresh_token(a, 0);
  std::vector<TokenReply> replies(40);
  std::latch go(40);
  std::vector<std::thread> racers;
  for (int k = 0; k < 40; ++k) {
    racers.emplace_back([&, k] {
      go.arrive_and_wait();
      replies[k] = refresh(*replicas[k % 2], r0, client(0));
    });
  }
  for (auto& t : racers) t.join();
  int winners = 0;
  for (const auto& r : replies) {
    EXPECT_NE(r.status(), 0) << "no answer";
    EXPECT_LT(r.status(), 500) << r.http.body;
    winners += r.status() == 200;
  }
  EXPECT_EQ(winners, 1);
}

TEST(E2EEtcd, RecoversFromAnEtcdRestartWithoutRestartingDexcc) {
  if (!EtcdServer::available()) GTEST_SKIP() << "no etcd binary here";
  EtcdServer etcd;
  ASSERT_TRUE(etcd.start()) << etcd.output();
  DexccInstance dex(InstanceOptions{.config_body = etcd_storage_yaml(etcd.endpoint(), "dex/") + config()});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  std::string token = first_refresh_token(dex, 0);
  ASSERT_FALSE(token.empty());

  // Load through the outage: logins on two threads until told to stop, each answer counted.
  std::atomic<bool> stop{false};
  std::atomic<int> unanswered{0}, answered{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 2; ++t) {
    load.emplace_back([&, t] {
      while (!stop) {
        auto r =
            dex.get(dex.path("/auth?client_id=app1&response_type=code&scope=openid&state=s" +
                             std::to_string(t) + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fcallback"));
        (r && r->status != 0 ? answered : unanswered)++;
        std::this_thread::sleep_for(20ms);
      }
    });
  }

  etcd.stop();
  TokenReply during = refresh(dex, token, client(0));
  EXPECT_GE(during.status(), 500) << during.http.body;
  EXPECT_NE(dex.process().output().find("etcd: POST " + etcd.endpoint()), std::string::npos)
      << dex.process().output();

  ASSERT_TRUE(etcd.start()) << etcd.output();
  // The failed refresh changed nothing: the same token works again once etcd is back (bounded wait
  // for the restarted member to elect itself).
  TokenReply after;
  for (int i = 0; i < 300; ++i) {
    after = refresh(dex, token, client(0));
    if (after.status() == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  stop = true;
  for (auto& t : load) t.join();
  EXPECT_EQ(after.status(), 200) << after.http.body;
  EXPECT_EQ(unanswered.load(), 0) << "dexcc dropped connections during the outage";
  EXPECT_GT(answered.load(), 0);
  EXPECT_TRUE(dex.process().running());
}

}  // namespace
}  // namespace dexcc::testing
