// End-to-end: the gitlab connector against FakeGitlab (baseURL over plain HTTP): the browser code
// flow with groups and roles, refresh through GitLab's refresh token, a group refusal and a 5xx.
#include <gtest/gtest.h>

#include "git_hosting_helpers.h"
#include "support/fakes/gitlab_api.h"

namespace dexcc::testing {
namespace {

using namespace flow;

TEST(GitlabUpstream, CodeFlowRefreshRefusalAndServerError) {
  GitlabAccount jane;
  jane.groups = {"acme", "acme/web"};
  jane.owner = {"acme"};
  FakeGitlab gitlab(jane);
  DexccInstance dex(provider_dexcc_config(
      "gitlab", "    baseURL: " + gitlab.base_url() +
                    "\n    groups: [acme/web:owner, acme]\n    getGroupsPermission: true\n"));
  ASSERT_TRUE(dex.started()) << dex.process().output();
  http_client::Client browser = provider_browser();
  const std::string start = provider_login_start(dex, "gitlab");

  ProviderTokens login = login_through_provider(dex, browser, "gitlab");
  ASSERT_FALSE(login.claims.is_null());
  const TokenReply& t = login.tokens;
  const nlohmann::json& id = login.claims;
  EXPECT_EQ(id["sub"], subject("77", "gitlab"));
  EXPECT_EQ(id["name"], "Jane Doe");
  EXPECT_EQ(id["preferred_username"], "jdoe");
  EXPECT_EQ(id["email"], "jane@example.com");
  EXPECT_EQ(id["groups"], nlohmann::json::array({"acme", "acme/web:owner"}));
  auto authorize = gitlab.requests_to("/oauth/authorize");
  ASSERT_EQ(authorize.size(), 1u);
  EXPECT_EQ(split_target(authorize[0].target).query.get("scope"), "read_user openid");
  auto user = gitlab.requests_to("/api/v4/user");
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0].header("Authorization"), "Bearer access-2");

  // Refresh: a refresh_token grant upstream, then the user and groups again with the new token.
  TokenReply refreshed = refresh(dex, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body << dex.process().output();
  auto grants = gitlab.requests_to("/oauth/token");
  ASSERT_EQ(grants.size(), 2u);
  EXPECT_EQ(grants[1].body, "grant_type=refresh_token&refresh_token=refresh-2");
  EXPECT_EQ(gitlab.requests_to("/api/v4/user").back().header("Authorization"), "Bearer access-3");

  // In none of the required groups.
  GitlabAccount outsider = jane;
  outsider.groups = {"elsewhere"};
  gitlab.set_account(outsider);
  HttpResult r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex.process().output().find("is not in any of the required groups"), std::string::npos);

  gitlab.set_account(jane);
  gitlab.failures().fail("/oauth/userinfo", 502);
  r = browse_provider(dex, browser, start);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex.process().output().find("502 Bad Gateway"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
