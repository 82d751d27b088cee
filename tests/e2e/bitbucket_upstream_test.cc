// End-to-end: the bitbucket-cloud connector, whose URLs are fixed to bitbucket.org and
// api.bitbucket.org, reaches FakeBitbucket through HTTPS_PROXY (BitbucketProxy) with the test CA
// as SSL_CERT_FILE: the browser code flow, refresh, a workspace refusal and an upstream 5xx.
#include <gtest/gtest.h>

#include <fstream>

#include "git_hosting_helpers.h"
#include "support/fakes/bitbucket_api.h"
#include "support/fakes/bitbucket_proxy.h"
#include "support/test_pki.h"

namespace dexcc::testing {
namespace {

using namespace flow;

TEST(BitbucketUpstream, CodeFlowThroughProxyRefreshRefusalAndServerError) {
  TestCa ca("bitbucket-test-ca");
  CertificateAndKey cert = ca.issue_server({"bitbucket.org", "api.bitbucket.org"});
  BitbucketAccount bucky;
  bucky.workspaces = {"acme", "side"};
  FakeBitbucket bitbucket(bucky, "", FakeTls{.cert_pem = cert.cert_pem, .key_pem = cert.key_pem});
  BitbucketProxy proxy(bitbucket.port());
  TempDir dir;
  std::string ca_file = (dir.path() / "bitbucket-ca.pem").string();
  std::ofstream(ca_file) << ca.cert_pem();

  DexccInstance dex(
      InstanceOptions{.config_body = provider_dexcc_config("bitbucket-cloud", "    teams: [acme]\n"),
                      .env = {"HTTPS_PROXY=" + proxy.url(), "https_proxy=" + proxy.url(),
                              "NO_PROXY=", "no_proxy=", "SSL_CERT_FILE=" + ca_file}});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  bitbucket.oauth().set_registered_callback(dex.issuer() + "/callback");
  const std::string port = std::to_string(bitbucket.port());
  http_client::Client browser = provider_browser(ca.cert_pem(), {"bitbucket.org:443:127.0.0.1:" + port});

  ProviderTokens login = login_through_provider(dex, browser, "bitbucket-cloud");
  ASSERT_FALSE(login.claims.is_null());
  const nlohmann::json& id = login.claims;
  EXPECT_EQ(id["sub"], subject("{6b7e5a4c-0000-4000-8000-00000000b0b0}", "bitbucket-cloud"));
  EXPECT_EQ(id["name"], "bucky");
  EXPECT_EQ(id["email"], "bucky@example.com");
  EXPECT_EQ(id["groups"], nlohmann::json::array({"acme"}));

  auto authorize = bitbucket.requests_to("/site/oauth2/authorize");
  ASSERT_EQ(authorize.size(), 1u);
  SplitTarget q = split_target(authorize[0].target);
  EXPECT_FALSE(q.query.has("redirect_uri"));  // Bitbucket uses the consumer's registered callback
  EXPECT_EQ(q.query.get("scope"), "account email team");
  auto token = bitbucket.requests_to("/site/oauth2/access_token");
  ASSERT_EQ(token.size(), 1u);
  EXPECT_EQ(token[0].header("Host"), "bitbucket.org");
  EXPECT_EQ(token[0].body, "code=code-1&grant_type=authorization_code");
  auto user = bitbucket.requests_to("/2.0/user");
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0].header("Host"), "api.bitbucket.org");
  EXPECT_EQ(user[0].header("Authorization"), "Bearer access-2");
  auto tunnels = proxy.tunnels();
  EXPECT_NE(std::find(tunnels.begin(), tunnels.end(), "CONNECT api.bitbucket.org:443"), tunnels.end());

  // Refresh within the token's two hours: the stored token reads the user again.
  TokenReply refreshed = refresh(dex, login.tokens.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body << dex.process().output();
  EXPECT_EQ(bitbucket.requests_to("/2.0/user").size(), 2u);

  const std::string start = provider_login_start(dex, "bitbucket-cloud");
  BitbucketAccount outsider = bucky;
  outsider.workspaces = {"side"};
  bitbucket.set_account(outsider);
  HttpResult r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex.process().output().find("is not in any of the required teams"), std::string::npos);

  bitbucket.set_account(bucky);
  bitbucket.failures().fail("/2.0/user/emails", 500);
  r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex.process().output().find("500 Internal Server Error"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
