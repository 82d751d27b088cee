// The gitea connector: config, team paging and the org filter, and login and refresh (the token
// reused while valid, renewed and written back once expired) against FakeGitea.
#include <gtest/gtest.h>

#include "base/time_format.h"
#include "connector/gitea/config.h"
#include "connector/registry.h"
#include "provider_login.h"
#include "support/fakes/gitea_api.h"

namespace dexcc::connector::gitea {
namespace {

using testing::FakeGitea;
using testing::GiteaAccount;

TEST(GiteaConfig, KeysAndDefaults) {
  Config c = parse_config(nlohmann::json::object(), "gt");
  EXPECT_EQ(c.base_url, "https://gitea.com");
  c = parse_config(
      nlohmann::json::parse(
          R"({"baseURL":"http://g","orgs":[{"name":"o","teams":["t"]}],"loadAllGroups":true,"useLoginAsID":true})"),
      "gt");
  ASSERT_EQ(c.orgs.size(), 1u);
  EXPECT_EQ(c.orgs[0].teams, std::vector<std::string>{"t"});
  EXPECT_TRUE(c.load_all_groups && c.use_login_as_id);
}

class GiteaConnectorTest : public ::testing::Test {
 protected:
  GiteaConnectorTest() : clock_(*base::parse_rfc3339("2026-01-01T00:00:00Z")), fake_(account()) {}

  static GiteaAccount account() {
    GiteaAccount a;
    // 45 teams: three pages of 20, then the empty one.
    for (int i = 0; i < 44; ++i) a.teams.push_back({"big", "t" + std::to_string(i)});
    a.teams.push_back({"small", "core"});
    return a;
  }

  std::unique_ptr<Connector> open(nlohmann::json config) {
    config["baseURL"] = fake_.base_url();
    config["clientID"] = "dex-client";
    config["clientSecret"] = "dex-secret";
    config["redirectURI"] = "https://dex.example/callback";
    auto c = Registry::builtin().open("gitea", config.dump(), {.id = "gt", .clock = &clock_});
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }

  base::FakeClock clock_;
  FakeGitea fake_;
};

TEST_F(GiteaConnectorTest, LoginGroupsFromAllTeamPages) {
  auto c = open({{"loadAllGroups", true}});
  ProviderLogin l = login_at(*c, fake_.oauth(), fake_.base_url(), {.offline_access = true});
  ASSERT_TRUE(l.identity) << l.identity.error().message;
  EXPECT_EQ(l.authorize_url,
            fake_.base_url() +
                "/login/oauth/authorize?client_id=dex-client&redirect_uri=https%3A%2F%2Fdex.example%2F"
                "callback&response_type=code&state=state-1");
  const Identity& id = *l.identity;
  EXPECT_EQ(id.user_id, "9");
  EXPECT_EQ(id.username, "Git Tea");
  EXPECT_EQ(id.preferred_username, "gitty");
  EXPECT_TRUE(id.email_verified);
  ASSERT_EQ(id.groups.size(), 1u + 44u + 2u);
  EXPECT_EQ(id.groups[0], "big");
  EXPECT_EQ(id.groups[1], "big:t0");
  EXPECT_EQ(id.groups[45], "small");
  EXPECT_EQ(id.groups[46], "small:core");
  EXPECT_EQ(id.connector_data,
            R"({"accessToken":"access-2","refreshToken":"refresh-2","expiry":"2026-01-01T01:00:00Z"})");
  auto pages = fake_.requests_to("/api/v1/user/teams");
  ASSERT_EQ(pages.size(), 4u);
  EXPECT_EQ(pages[0].target, "/api/v1/user/teams?page=1&limit=20");
  EXPECT_EQ(pages[3].target, "/api/v1/user/teams?page=4&limit=20");
  EXPECT_EQ(pages[3].header("Authorization"), "Bearer access-2");
}

TEST_F(GiteaConnectorTest, OrgFilterAndRefusal) {
  auto c = open({{"orgs", {{{"name", "small"}}, {{"name", "big"}, {"teams", {"t3", "nope"}}}}},
                 {"useLoginAsID", true}});
  auto id = login_at(*c, fake_.oauth(), fake_.base_url(), {}).identity;
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "gitty");
  // Every listed org counts as a group itself, with or without teams (dex's keys).
  EXPECT_EQ(id->groups, (std::vector<std::string>{"big", "big:t3", "small"}));
  auto strict = open({{"orgs", {{{"name", "elsewhere"}}}}});
  auto refused = login_at(*strict, fake_.oauth(), fake_.base_url(), {}).identity;
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "gitea: User does not belong to any of the approved groups");
  fake_.failures().fail("/api/v1/user", 500);
  auto broken = login_at(*c, fake_.oauth(), fake_.base_url(), {}).identity;
  EXPECT_EQ(broken.error().message.rfind("gitea: get user: 500 Internal Server Error: {", 0), 0u);
  fake_.failures().fail("/api/v1/user", 0);
  fake_.failures().set_rate_limited(true);
  broken = login_at(*c, fake_.oauth(), fake_.base_url(), {}).identity;
  EXPECT_EQ(broken.error().message, "gitea: failed to get token: oauth2: cannot fetch token: status 429");
}

TEST_F(GiteaConnectorTest, RefreshReusesThenRenewsTheToken) {
  auto c = open({});
  auto id = login_at(*c, fake_.oauth(), fake_.base_url(), {.offline_access = true}).identity;
  ASSERT_TRUE(id);
  auto same = c->capabilities().refresh->refresh({}, *id);
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(same->connector_data, id->connector_data);
  EXPECT_EQ(fake_.requests_to("/login/oauth/access_token").size(), 1u);  // still valid: no grant

  clock_.advance(std::chrono::hours(2));
  fake_.oauth().expire_access_tokens();
  GiteaAccount renamed = account();
  renamed.full_name = "";
  fake_.set_account(renamed);
  auto renewed = c->capabilities().refresh->refresh({}, *id);
  ASSERT_TRUE(renewed) << renewed.error().message;
  EXPECT_EQ(renewed->username, "gitty@example.com");
  EXPECT_EQ(renewed->connector_data,
            R"({"accessToken":"access-3","refreshToken":"refresh-3","expiry":"2026-01-01T03:00:00Z"})");
  auto grants = fake_.requests_to("/login/oauth/access_token");
  ASSERT_EQ(grants.size(), 2u);
  EXPECT_EQ(grants[1].body, "grant_type=refresh_token&refresh_token=refresh-2");
  // A token dex wrote with Go's zero expiry never expires.
  Identity dex_written;
  dex_written.connector_data =
      R"({"accessToken":"access-3","refreshToken":"","expiry":"0001-01-01T00:00:00Z"})";
  EXPECT_TRUE(c->capabilities().refresh->refresh({}, dex_written));
  EXPECT_EQ(c->capabilities().refresh->refresh({}, Identity{}).error().message,
            "gitea: no upstream access token found");
}

}  // namespace
}  // namespace dexcc::connector::gitea
