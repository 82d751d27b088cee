// End-to-end: the github connector against FakeGithub as a GitHub Enterprise host over TLS
// (hostName + rootCA): the browser code flow, refresh, an org refusal and an upstream 5xx.
#include <gtest/gtest.h>

#include <fstream>

#include "git_hosting_helpers.h"
#include "support/fakes/github_api.h"
#include "support/test_pki.h"

namespace dexcc::testing {
namespace {

using namespace flow;

GithubAccount octocat() {
  GithubAccount a;
  a.email = "";                                     // no public email: read from /user/emails
  a.emails = {{"octo@corp.example", false, true}};  // Enterprise: every email counts as verified
  a.orgs = {"acme"};
  a.teams = {{"Team 1", "team-1", "acme"}, {"Team 2", "team-2", "acme"}, {"Other", "other", "elsewhere"}};
  return a;
}

TEST(GithubUpstream, EnterpriseCodeFlowRefreshRefusalAndServerError) {
  TestCa ca("github-test-ca");
  CertificateAndKey cert = ca.issue_server({"127.0.0.1"});
  FakeGithub github(octocat(), FakeTls{.cert_pem = cert.cert_pem, .key_pem = cert.key_pem});
  TempDir dir;
  std::string ca_file = (dir.path() / "github-ca.pem").string();
  std::ofstream(ca_file) << ca.cert_pem();

  DexccInstance dex(
      provider_dexcc_config("github", "    hostName: " + github.host() + "\n    rootCA: " + ca_file +
                                          "\n    orgs:\n    - name: acme\n      teams: [Team 1]\n"));
  ASSERT_TRUE(dex.started()) << dex.process().output();
  http_client::Client browser = provider_browser(ca.cert_pem());
  const std::string start = provider_login_start(dex, "github");

  ProviderTokens login = login_through_provider(dex, browser, "github");
  ASSERT_FALSE(login.claims.is_null());
  const TokenReply& t = login.tokens;
  const nlohmann::json& id = login.claims;
  EXPECT_EQ(id["sub"], subject("4242", "github"));
  EXPECT_EQ(id["name"], "The Octocat");
  EXPECT_EQ(id["preferred_username"], "octocat");
  EXPECT_EQ(id["email"], "octo@corp.example");
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_EQ(id["groups"], nlohmann::json::array({"acme:Team 1"}));

  // What dexcc sent, as dex sends it.
  auto authorize = github.requests_to("/login/oauth/authorize");
  ASSERT_EQ(authorize.size(), 1u);
  SplitTarget q = split_target(authorize[0].target);
  EXPECT_EQ(q.query.get("scope"), "user:email read:org");
  EXPECT_EQ(q.query.get("response_type"), "code");
  EXPECT_EQ(q.query.get("redirect_uri"), dex.issuer() + "/callback");
  auto token = github.requests_to("/login/oauth/access_token");
  ASSERT_EQ(token.size(), 1u);
  EXPECT_EQ(token[0].header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(token[0].header("Authorization"), "Basic ZGV4LWNsaWVudDpkZXgtc2VjcmV0");
  const std::string bearer = "Bearer " + github.oauth().last_access_token();
  for (const char* path :
       {"/api/v3/user", "/api/v3/user/emails", "/api/v3/orgs/acme/members/octocat", "/api/v3/user/teams"}) {
    auto sent = github.requests_to(path);
    ASSERT_EQ(sent.size(), 1u) << path;
    EXPECT_EQ(sent[0].method, "GET");
    EXPECT_EQ(sent[0].header("Authorization"), bearer) << path;
  }

  // Refresh reads the user again with the stored access token.
  GithubAccount renamed = octocat();
  renamed.name = "Octo Renamed";
  renamed.teams = {{"Team 1", "team-1", "acme"}};
  github.set_account(renamed);
  TokenReply refreshed = refresh(dex, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body << dex.process().output();
  EXPECT_EQ(claims_of(refreshed.str("id_token"))["name"], "Octo Renamed");
  EXPECT_EQ(github.requests_to("/api/v3/user").size(), 2u);

  // Not in the required team: dex's refusal, a 500 page.
  GithubAccount outsider = octocat();
  outsider.teams = {{"Team 2", "team-2", "acme"}};
  github.set_account(outsider);
  HttpResult r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_TRUE(code_of(r).empty());
  EXPECT_NE(dex.process().output().find("not in required orgs or teams"), std::string::npos);

  // GitHub answering 503: the login fails with the status in the log.
  github.set_account(octocat());
  github.failures().fail("/user", 503);
  r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex.process().output().find("503 Service Unavailable"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
