// The bitbucket-cloud connector against FakeBitbucket: the authorize URL without redirect_uri,
// `next` pages followed (where dex v2.45.1 loops), workspaces and the teams filter, the removed 1.0
// groups API, refresh with renewal, upstream errors.
#include <gtest/gtest.h>

#include "base/time_format.h"
#include "connector/bitbucket/bitbucket.h"
#include "connector/bitbucket/config.h"
#include "provider_login.h"
#include "support/fakes/bitbucket_api.h"

namespace dexcc::connector::bitbucket {
namespace {

using testing::BitbucketAccount;
using testing::FakeBitbucket;

TEST(BitbucketConfig, Keys) {
  Config c = parse_config(
      nlohmann::json::parse(R"({"clientID":"a","teams":["w1"],"includeTeamGroups":true})"), "bb");
  EXPECT_EQ(c.client_id, "a");
  EXPECT_EQ(c.teams, std::vector<std::string>{"w1"});
  EXPECT_TRUE(c.include_team_groups);
  Endpoints fixed;
  EXPECT_EQ(fixed.auth_url, "https://bitbucket.org/site/oauth2/authorize");
  EXPECT_EQ(fixed.api_url, "https://api.bitbucket.org/2.0");
}

class BitbucketConnectorTest : public ::testing::Test {
 protected:
  BitbucketConnectorTest()
      : clock_(*base::parse_rfc3339("2026-01-01T00:00:00Z")),
        fake_(account(), "https://dex.example/callback") {}

  static BitbucketAccount account() {
    BitbucketAccount a;
    a.emails = {{"old@example.com", false, true},
                {"unconfirmed@example.com", true, false},
                {"bucky@example.com", true, true}};
    a.workspaces = {"alpha", "beta", "gamma"};
    return a;
  }

  std::unique_ptr<Connector> open(nlohmann::json config) {
    config["clientID"] = "dex-client";
    config["clientSecret"] = "dex-secret";
    config["redirectURI"] = "https://dex.example/callback";
    auto c = open_with_endpoints_for_test(
        {.id = "bb", .clock = &clock_}, config,
        {fake_.url("/site/oauth2/authorize"), fake_.url("/site/oauth2/access_token"), fake_.url("/2.0"),
         fake_.url("/1.0")});
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }

  base::FakeClock clock_;
  FakeBitbucket fake_;
};

TEST_F(BitbucketConnectorTest, LoginFollowsNextPages) {
  fake_.set_page_length(1);
  auto c = open({});
  ProviderLogin l = login_at(*c, fake_.oauth(), fake_.url(""), {.offline_access = true, .groups = true});
  ASSERT_TRUE(l.identity) << l.identity.error().message;
  EXPECT_EQ(l.authorize_url,
            fake_.url("/site/oauth2/authorize") +
                "?client_id=dex-client&response_type=code&scope=account+email+team&state=state-1");
  const Identity& id = *l.identity;
  EXPECT_EQ(id.user_id, "{6b7e5a4c-0000-4000-8000-00000000b0b0}");
  EXPECT_EQ(id.username, "bucky");
  EXPECT_TRUE(id.preferred_username.empty());
  EXPECT_EQ(id.email, "bucky@example.com");
  EXPECT_TRUE(id.email_verified);
  EXPECT_EQ(id.groups, (std::vector<std::string>{"alpha", "beta", "gamma"}));
  EXPECT_EQ(id.connector_data,
            R"({"accessToken":"access-2","refreshToken":"refresh-2","expiry":"2026-01-01T02:00:00Z"})");
  auto token = fake_.requests_to("/site/oauth2/access_token");
  ASSERT_EQ(token.size(), 1u);
  EXPECT_EQ(token[0].body, "code=code-1&grant_type=authorization_code");  // no redirect_uri, as dex
  EXPECT_EQ(token[0].header("Authorization"), "Basic ZGV4LWNsaWVudDpkZXgtc2VjcmV0");
  auto emails = fake_.requests_to("/2.0/user/emails");
  ASSERT_EQ(emails.size(), 3u);
  EXPECT_EQ(emails[2].target, "/2.0/user/emails?page=3");
  EXPECT_EQ(emails[2].header("Authorization"), "Bearer access-2");
  EXPECT_EQ(fake_.requests_to("/2.0/user/permissions/workspaces").size(), 3u);
}

TEST_F(BitbucketConnectorTest, TeamsFilterRefusalAndRemovedGroupsApi) {
  auto c = open({{"teams", {"gamma", "zeta"}}});
  auto id = login_at(*c, fake_.oauth(), fake_.url(""), {}).identity;
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->groups, std::vector<std::string>{"gamma"});
  auto strict = open({{"teams", {"zeta"}}});
  auto refused = login_at(*strict, fake_.oauth(), fake_.url(""), {}).identity;
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "bitbucket: user \"bucky\" is not in any of the required teams");
  auto legacy = open({{"includeTeamGroups", true}});
  auto gone = login_at(*legacy, fake_.oauth(), fake_.url(""), {.groups = true}).identity;
  ASSERT_FALSE(gone);
  EXPECT_NE(gone.error().message.find("get user team \"alpha\" groups"), std::string::npos);
  EXPECT_NE(gone.error().message.find("410 Gone"), std::string::npos);
}

TEST_F(BitbucketConnectorTest, NoPrimaryEmailServerErrorsAndRateLimit) {
  auto c = open({});
  BitbucketAccount none = account();
  none.emails = {{"x@example.com", false, true}};
  fake_.set_account(none);
  auto failed = login_at(*c, fake_.oauth(), fake_.url(""), {}).identity;
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "bitbucket: get user: bitbucket: user has no confirmed, primary email");
  fake_.set_account(account());
  fake_.failures().fail("/2.0/user", 503);
  failed = login_at(*c, fake_.oauth(), fake_.url(""), {}).identity;
  EXPECT_EQ(failed.error().message.rfind("bitbucket: get user: 503 Service Unavailable: {", 0), 0u);
  fake_.failures().fail("/2.0/user", 0);
  fake_.failures().set_rate_limited(true);
  failed = login_at(*c, fake_.oauth(), fake_.url(""), {}).identity;
  EXPECT_EQ(failed.error().message, "bitbucket: failed to get token: oauth2: cannot fetch token: status 429");
}

TEST_F(BitbucketConnectorTest, RefreshRenewsAnExpiredToken) {
  auto c = open({});
  auto id = login_at(*c, fake_.oauth(), fake_.url(""), {.offline_access = true}).identity;
  ASSERT_TRUE(id);
  clock_.advance(std::chrono::hours(3));
  fake_.oauth().expire_access_tokens();
  auto renewed = c->capabilities().refresh->refresh({}, *id);
  ASSERT_TRUE(renewed) << renewed.error().message;
  EXPECT_EQ(renewed->connector_data,
            R"({"accessToken":"access-3","refreshToken":"refresh-3","expiry":"2026-01-01T05:00:00Z"})");
  EXPECT_EQ(fake_.requests_to("/site/oauth2/access_token")[1].body,
            "grant_type=refresh_token&refresh_token=refresh-2");
  EXPECT_EQ(c->capabilities().refresh->refresh({}, Identity{}).error().message,
            "bitbucket: no upstream access token found");
}

}  // namespace
}  // namespace dexcc::connector::bitbucket
