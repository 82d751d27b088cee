// End-to-end on kubernetes only: an API server restart under load (5xx and a log line naming the
// API server during the outage, then recovery without restarting dexcc), and a start-up refused by
// RBAC that says which verb on which resource is missing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "flow_helpers.h"
#include "support/kube_apiserver.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

std::string kube_yaml(const std::string& kubeconfig) {
  return "storage:\n  type: kubernetes\n  config:\n    kubeConfigFile: " + kubeconfig + "\n";
}

std::string config() {
  return "staticClients:\n" + app_client_yaml() + kMockConnectorYaml +
         "oauth2:\n  skipApprovalScreen: true\n";
}

TEST(E2EKubernetes, RecoversFromAnApiServerRestartWithoutRestartingDexcc) {
  if (!KubeApiServer::binary()) GTEST_SKIP() << KubeApiServer::skip_reason();
  KubeApiServer server;
  ASSERT_TRUE(server.start()) << server.output();
  ASSERT_TRUE(server.create_namespace("dex"));
  DexccInstance dex(InstanceOptions{
      .config_body =
          kube_yaml(server.write_kubeconfig(KubeApiServer::kAdminToken, "dex", "k.yaml")) + config()});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  TokenReply first =
      login_tokens(dex, AuthParams{.scope = "openid email offline_access"}, Basic{"app", "app-secret"});
  ASSERT_EQ(first.status(), 200) << first.http.body;
  const std::string token = first.str("refresh_token");

  // Load through the outage: authorization requests on two threads, each answer counted.
  std::atomic<bool> stop{false};
  std::atomic<int> unanswered{0}, answered{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 2; ++t) {
    load.emplace_back([&, t] {
      while (!stop) {
        auto r =
            dex.get(dex.path("/auth?client_id=app&response_type=code&scope=openid&state=s" +
                             std::to_string(t) + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fcallback"));
        (r && r->status != 0 ? answered : unanswered)++;
        std::this_thread::sleep_for(20ms);
      }
    });
  }

  server.stop();
  TokenReply during = refresh(dex, token, Basic{"app", "app-secret"});
  EXPECT_GE(during.status(), 500) << during.http.body;
  EXPECT_NE(dex.process().output().find("kubernetes: get refreshtokens.dex.coreos.com at " + server.server()),
            std::string::npos)
      << dex.process().output();

  ASSERT_TRUE(server.start()) << server.output();
  // The failed refresh changed nothing: the same token works once the API server is back.
  TokenReply after;
  for (int i = 0; i < 100; ++i) {
    after = refresh(dex, token, Basic{"app", "app-secret"});
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

TEST(E2EKubernetes, StartUpRefusedByRbacNamesVerbAndResource) {
  std::string why;
  KubeApiServer* server = shared_kube_apiserver(&why);
  if (!server) GTEST_SKIP() << why;
  const std::string ns = unique_kube_namespace();
  DexccInstance dex(InstanceOptions{
      .config_body =
          kube_yaml(server->write_kubeconfig(KubeApiServer::kNobodyToken, ns, ns + "-nobody.yaml")) +
          config()});
  EXPECT_FALSE(dex.started());
  EXPECT_NE(dex.process().output().find(
                "403 Forbidden: not allowed to list authcodes.dex.coreos.com in namespace \"" + ns + "\""),
            std::string::npos)
      << dex.process().output();
}

}  // namespace
}  // namespace dexcc::testing
