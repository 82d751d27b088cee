// The gitlab connector: config, dex's role suffixes and filter, and login, refresh, refusal and
// upstream errors against FakeGitlab with the requests it recorded.
#include <gtest/gtest.h>

#include "base/json_fields.h"
#include "connector/gitlab/config.h"
#include "connector/gitlab/groups.h"
#include "connector/registry.h"
#include "provider_login.h"
#include "support/fakes/gitlab_api.h"

namespace dexcc::connector::gitlab {
namespace {

using testing::FakeGitlab;
using testing::GitlabAccount;

TEST(GitlabConfig, DefaultsAndRootCaData) {
  Config c = parse_config(nlohmann::json::object(), "gl");
  EXPECT_EQ(c.base_url, "https://gitlab.com");
  c = parse_config(nlohmann::json::parse(R"({"baseURL":"http://gl.local","groups":["a"],"useLoginAsID":true,
      "getGroupsPermission":true,"rootCAData":"LS0tLS0="})"),
                   "gl");
  EXPECT_EQ(c.base_url, "http://gl.local");
  EXPECT_EQ(c.groups, std::vector<std::string>{"a"});
  EXPECT_TRUE(c.use_login_as_id && c.get_groups_permission);
  EXPECT_EQ(c.root_ca_pem, "-----");
  EXPECT_THROW(parse_config(nlohmann::json::parse(R"({"rootCAData":"%%"})"), "gl"), base::ConfigError);
}

TEST(GitlabGroups, RoleSuffixesFollowDexOrder) {
  UserInfo info{{"acme", "acme/web", "acmex", "other", "dev/team"}, {"acme"}, {"acme/web", "other"}, {"dev"}};
  EXPECT_EQ(with_permissions(info),
            (std::vector<std::string>{"acme", "acme/web", "acmex", "other", "dev/team", "acme:owner",
                                      "acme/web:owner", "other:maintainer", "dev/team:developer"}));
  EXPECT_EQ(filter_groups({"a", "b", "c"}, {"c", "a"}), (std::vector<std::string>{"a", "c"}));
  EXPECT_FALSE(parse_userinfo(nlohmann::json::parse(R"({"groups":"one"})")));
  EXPECT_EQ(parse_userinfo(nlohmann::json::parse(R"({"Groups":["x"]})"))->groups,
            std::vector<std::string>{"x"});
}

class GitlabConnectorTest : public ::testing::Test {
 protected:
  GitlabConnectorTest() : fake_(account()) {}

  static GitlabAccount account() {
    GitlabAccount a;
    a.groups = {"acme", "acme/web", "ops"};
    a.maintainer = {"acme"};
    return a;
  }

  std::unique_ptr<Connector> open(nlohmann::json config) {
    config["baseURL"] = fake_.base_url();
    config["clientID"] = "dex-client";
    config["clientSecret"] = "dex-secret";
    config["redirectURI"] = "https://dex.example/callback";
    auto c = Registry::builtin().open("gitlab", config.dump(), {.id = "gl"});
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }

  Result<Identity> login(const Connector& c, const Scopes& scopes) {
    ProviderLogin l = login_at(c, fake_.oauth(), fake_.base_url(), scopes);
    authorize_ = l.authorize_url;
    return std::move(l.identity);
  }

  FakeGitlab fake_;
  std::string authorize_;
};

TEST_F(GitlabConnectorTest, LoginRefreshAndRecordedRequests) {
  auto c = open({{"getGroupsPermission", true}});
  auto id = login(*c, {.offline_access = true, .groups = true});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(authorize_,
            fake_.base_url() +
                "/oauth/authorize?client_id=dex-client&redirect_uri=https%3A%2F%2Fdex.example%2Fcallback"
                "&response_type=code&scope=read_user+openid&state=state-1");
  EXPECT_EQ(id->user_id, "77");
  EXPECT_EQ(id->username, "Jane Doe");
  EXPECT_EQ(id->preferred_username, "jdoe");
  EXPECT_EQ(id->email, "jane@example.com");
  EXPECT_TRUE(id->email_verified);
  EXPECT_EQ(id->groups,
            (std::vector<std::string>{"acme", "acme/web", "ops", "acme:maintainer", "acme/web:maintainer"}));
  EXPECT_EQ(id->connector_data, R"({"accessToken":"access-2","refreshToken":"refresh-2"})");
  auto token = fake_.requests_to("/oauth/token");
  ASSERT_EQ(token.size(), 1u);
  EXPECT_EQ(token[0].header("Authorization"), "Basic ZGV4LWNsaWVudDpkZXgtc2VjcmV0");
  EXPECT_EQ(token[0].body,
            "code=code-1&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fdex.example%2Fcallback");
  for (const char* path : {"/api/v4/user", "/oauth/userinfo"}) {
    auto sent = fake_.requests_to(path);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].header("Authorization"), "Bearer access-2");
  }

  GitlabAccount renamed = account();
  renamed.name = "";
  fake_.set_account(renamed);
  auto refreshed = c->capabilities().refresh->refresh({.offline_access = true}, *id);
  ASSERT_TRUE(refreshed) << refreshed.error().message;
  EXPECT_EQ(refreshed->username, "jane@example.com");  // name empty: the email
  EXPECT_EQ(refreshed->connector_data, R"({"accessToken":"access-3","refreshToken":"refresh-3"})");
  EXPECT_EQ(fake_.requests_to("/oauth/token")[1].body, "grant_type=refresh_token&refresh_token=refresh-2");
  // A spent refresh token is refused upstream.
  auto again = c->capabilities().refresh->refresh({}, *id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message.rfind("gitlab: failed to get refresh token: oauth2: \"invalid_grant\"", 0),
            0u)
      << again.error().message;
  Identity access_only;
  access_only.connector_data = R"({"accessToken":"access-3"})";
  EXPECT_TRUE(c->capabilities().refresh->refresh({}, access_only));
  access_only.connector_data = "{}";
  EXPECT_EQ(c->capabilities().refresh->refresh({}, access_only).error().message,
            "no refresh or access token found");
}

TEST_F(GitlabConnectorTest, RequiredGroupsFilterAndRefusal) {
  auto c = open({{"groups", {"ops", "nope"}}, {"useLoginAsID", true}});
  auto id = login(*c, {});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "jdoe");
  EXPECT_EQ(id->groups, std::vector<std::string>{"ops"});
  EXPECT_NE(authorize_.find("scope=read_user+openid"), std::string::npos);
  auto strict = open({{"groups", {"nope"}}});
  auto refused = login(*strict, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "gitlab: get groups: gitlab: user \"jdoe\" is not in any of the required groups");
}

TEST_F(GitlabConnectorTest, UpstreamErrors) {
  auto c = open({});
  auto plain = login(*c, {});
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->groups.empty());
  EXPECT_TRUE(fake_.requests_to("/oauth/userinfo").empty());  // no groups needed, none read
  fake_.failures().fail("/api/v4/user", 500);
  auto failed = login(*c, {});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message,
            "gitlab: get user: 500 Internal Server Error: {\"message\":\"500 Internal Server Error\"}");
  fake_.failures().fail("/api/v4/user", 0);
  fake_.failures().set_rate_limited(true);
  http::Request req;
  req.query = "code=whatever&state=st";
  auto limited = c->capabilities().callback->handle_callback({}, "", req);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().message, "gitlab: failed to get token: oauth2: cannot fetch token: status 429");
}

}  // namespace
}  // namespace dexcc::connector::gitlab
