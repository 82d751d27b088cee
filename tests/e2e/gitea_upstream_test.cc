// End-to-end: the gitea connector against FakeGitea: the browser code flow with org and team
// groups, refresh (the stored token reused while valid), an org refusal and an upstream 5xx.
#include <gtest/gtest.h>

#include "git_hosting_helpers.h"
#include "support/fakes/gitea_api.h"

namespace dexcc::testing {
namespace {

using namespace flow;

TEST(GiteaUpstream, CodeFlowRefreshRefusalAndServerError) {
  GiteaAccount gitty;
  gitty.teams = {{"acme", "Owners"}, {"acme", "devs"}, {"other", "x"}};
  FakeGitea gitea(gitty);
  DexccInstance dex(provider_dexcc_config(
      "gitea", "    baseURL: " + gitea.base_url() + "\n    orgs:\n    - name: acme\n      teams: [devs]\n"));
  ASSERT_TRUE(dex.started()) << dex.process().output();
  http_client::Client browser = provider_browser();
  const std::string start = provider_login_start(dex, "gitea");

  ProviderTokens login = login_through_provider(dex, browser, "gitea");
  ASSERT_FALSE(login.claims.is_null());
  const TokenReply& t = login.tokens;
  const nlohmann::json& id = login.claims;
  EXPECT_EQ(id["sub"], subject("9", "gitea"));
  EXPECT_EQ(id["name"], "Git Tea");
  EXPECT_EQ(id["preferred_username"], "gitty");
  EXPECT_EQ(id["email"], "gitty@example.com");
  EXPECT_EQ(id["groups"], nlohmann::json::array({"acme", "acme:devs"}));
  auto authorize = gitea.requests_to("/login/oauth/authorize");
  ASSERT_EQ(authorize.size(), 1u);
  EXPECT_FALSE(split_target(authorize[0].target).query.has("scope"));  // dex asks Gitea for no scopes
  auto teams = gitea.requests_to("/api/v1/user/teams");
  ASSERT_EQ(teams.size(), 2u);
  EXPECT_EQ(teams[0].target, "/api/v1/user/teams?page=1&limit=20");
  EXPECT_EQ(teams[1].header("Authorization"), "Bearer access-2");

  // Refresh within the hour: the stored token is still valid, no grant upstream.
  TokenReply refreshed = refresh(dex, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body << dex.process().output();
  EXPECT_EQ(gitea.requests_to("/login/oauth/access_token").size(), 1u);
  EXPECT_EQ(gitea.requests_to("/api/v1/user").size(), 2u);

  GiteaAccount outsider = gitty;
  outsider.teams = {{"other", "x"}};
  gitea.set_account(outsider);
  HttpResult r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex.process().output().find("User does not belong to any of the approved groups"),
            std::string::npos);

  gitea.set_account(gitty);
  gitea.failures().fail("/api/v1/user", 500);
  r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex.process().output().find("500 Internal Server Error"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
