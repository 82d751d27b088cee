// The github connector: config refusals, email choice, pagination and groups as pure functions, and
// the whole login and refresh against FakeGithub over plain HTTP (public github.com's rules).
#include <gtest/gtest.h>

#include "base/json_fields.h"
#include "connector/github/config.h"
#include "connector/github/emails.h"
#include "connector/github/github.h"
#include "connector/github/groups.h"
#include "connector/github/pagination.h"
#include "connector/upstream/token_data.h"
#include "provider_login.h"
#include "support/fakes/github_api.h"

namespace dexcc::connector::github {
namespace {

using testing::FakeGithub;
using testing::GithubAccount;

std::string config_error(const char* json) {
  try {
    parse_config(nlohmann::json::parse(json), "gh");
  } catch (const base::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(GithubConfig, KeysAndDefaults) {
  Config c = parse_config(nlohmann::json::parse(R"({"clientID":"a","clientSecret":"b","redirectURI":"r",
      "orgs":[{"name":"acme","teams":["red","Blue Team"]},{"name":"solo"}],"teamNameField":"slug",
      "loadAllGroups":true,"useLoginAsID":true,"preferredEmailDomain":"*.example.com"})"),
                          "gh");
  EXPECT_EQ(c.client_id, "a");
  ASSERT_EQ(c.orgs.size(), 2u);
  EXPECT_EQ(c.orgs[0].teams, (std::vector<std::string>{"red", "Blue Team"}));
  EXPECT_TRUE(c.orgs[1].teams.empty());
  EXPECT_EQ(c.team_name_field, TeamNameField::kSlug);
  EXPECT_TRUE(c.load_all_groups && c.use_login_as_id);
  EXPECT_EQ(c.endpoints().api_url, "https://api.github.com");
  EXPECT_EQ(c.endpoints().auth_url, "https://github.com/login/oauth/authorize");
  Config defaults = parse_config(nlohmann::json::parse(R"({"hostName":"git.corp:8443"})"), "gh");
  EXPECT_EQ(defaults.team_name_field, TeamNameField::kName);
  EXPECT_EQ(defaults.endpoints().api_url, "https://git.corp:8443/api/v3");
  EXPECT_EQ(defaults.endpoints().token_url, "https://git.corp:8443/login/oauth/access_token");
}

TEST(GithubConfig, DexRefusals) {
  EXPECT_EQ(config_error(R"({"org":"a","orgs":[{"name":"b"}]})"),
            "github: cannot use both 'org' and 'orgs' fields simultaneously");
  EXPECT_EQ(config_error(R"({"hostName":"https://git.corp"})"),
            "invalid hostname: hostname cannot contain `/`");
  EXPECT_EQ(config_error(R"({"rootCA":"/ca.pem"})"),
            "invalid connector config: Host name field required for a root certificate file");
  EXPECT_EQ(config_error(R"({"teamNameField":"id"})"),
            "invalid connector config: unsupported team name field value `id`");
  EXPECT_EQ(config_error(R"({"preferredEmailDomain":"example.*"})"),
            "invalid PreferredEmailDomain: glob pattern cannot end with \"*\"");
  EXPECT_EQ(config_error(R"({"org":"legacy"})"), "");
  auto missing =
      Registry::builtin().open("github", R"({"hostName":"h","rootCA":"/no/such/ca.pem"})", {.id = "gh"});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("failed to create HTTP client"), std::string::npos);
}

TEST(GithubEmails, PreferredDomainThenVerifiedPrimary) {
  EXPECT_TRUE(is_preferred_email_domain("example.com", "example.com"));
  EXPECT_TRUE(is_preferred_email_domain("eu.example.com", "*.example.com"));
  EXPECT_FALSE(is_preferred_email_domain("a.eu.example.com", "*.example.com"));
  EXPECT_FALSE(is_preferred_email_domain("example.org", "*.example.com"));
  std::vector<Email> emails{{"me@home.org", true, true},
                            {"me@unverified.example.com", false, false},
                            {"me@eu.example.com", true, false},
                            {"me@us.example.com", true, false}};
  EXPECT_EQ(*choose_email(emails, "*.example.com", false), "me@eu.example.com");
  EXPECT_EQ(*choose_email(emails, "", false), "me@home.org");
  EXPECT_EQ(*choose_email(emails, "nowhere.net", false), "me@home.org");
  // Enterprise counts every email as verified.
  std::vector<Email> unverified{{"boss@corp.com", false, true}};
  EXPECT_FALSE(choose_email(unverified, "", false));
  EXPECT_EQ(choose_email(unverified, "", false).error().message,
            "github: user has no verified, primary email or preferred-domain email");
  EXPECT_EQ(*choose_email(unverified, "", true), "boss@corp.com");
  EXPECT_EQ(choose_email({{"broken", true, true}}, "corp.com", false).error().message,
            "github: invalid format email address");
}

TEST(GithubPagination, FollowsNextUntilLast) {
  const std::string p1 = "https://api.github.com/user/teams";
  EXPECT_EQ(
      next_page(
          p1,
          R"(<https://api.github.com/user/teams?page=2>; rel="next", <https://api.github.com/user/teams?page=3>; rel="last")"),
      "https://api.github.com/user/teams?page=2");
  EXPECT_EQ(
      next_page("https://x/?page=3", R"(<https://x/?page=3>; rel="next", <https://x/?page=3>; rel="last")"),
      "");
  EXPECT_EQ(next_page(p1, R"(<https://x/?page=1>; rel="prev", <https://x/?page=1>; rel="first")"), "");
  EXPECT_EQ(next_page(p1, ""), "");
}

TEST(GithubGroups, TeamNamesAndFilter) {
  Team t{"Red Team", "red-team", "acme"};
  EXPECT_EQ(team_claims(t, TeamNameField::kName), std::vector<std::string>{"Red Team"});
  EXPECT_EQ(team_claims(t, TeamNameField::kSlug), std::vector<std::string>{"red-team"});
  EXPECT_EQ(team_claims(t, TeamNameField::kBoth), (std::vector<std::string>{"Red Team", "red-team"}));
  EXPECT_EQ(filter_teams({"a", "b", "c"}, {"c", "a", "z"}), (std::vector<std::string>{"a", "c"}));
}

// The connector against FakeGithub as api.github.com (plain HTTP, emails not all verified).
class GithubConnectorTest : public ::testing::Test {
 protected:
  GithubConnectorTest() : fake_(account(), std::nullopt, "") {}

  static GithubAccount account() {
    GithubAccount a;
    a.emails = {{"first@example.com", false, false},
                {"octo@example.com", true, true},
                {"octo@work.example.org", true, false}};
    a.orgs = {"acme", "initech", "solo"};
    for (int i = 0; i < 5; ++i)
      a.teams.push_back({"Team " + std::to_string(i), "team-" + std::to_string(i), "acme"});
    a.teams.push_back({"Printers", "printers", "initech"});
    a.teams.push_back({"Elsewhere", "elsewhere", "notmine"});
    return a;
  }

  std::unique_ptr<Connector> open(nlohmann::json config) {
    config["clientID"] = "dex-client";
    config["clientSecret"] = "dex-secret";
    config["redirectURI"] = "https://dex.example/callback";
    auto c = open_with_endpoints_for_test(
        {.id = "gh"}, config,
        {fake_.url("/login/oauth/authorize"), fake_.url("/login/oauth/access_token"), fake_.url("")});
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }

  // Follows the authorize redirect as a browser would and hands the callback to the connector.
  Result<Identity> login(const Connector& c, const Scopes& scopes) {
    ProviderLogin l = login_at(c, fake_.oauth(), fake_.url(""), scopes);
    last_authorize_ = l.authorize_url;
    return std::move(l.identity);
  }

  FakeGithub fake_;
  std::string last_authorize_;
};

TEST_F(GithubConnectorTest, LoginReadsUserEmailAndOrgTeamsAcrossPages) {
  fake_.set_page_size(2);
  auto c = open(
      {{"orgs",
        {{{"name", "acme"}, {"teams", {"Team 1", "Team 4"}}}, {{"name", "initech"}}, {{"name", "absent"}}}}});
  auto id = login(*c, {.offline_access = true, .groups = false});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(last_authorize_, fake_.url("/login/oauth/authorize") +
                                 "?client_id=dex-client&redirect_uri=https%3A%2F%2Fdex.example%2Fcallback"
                                 "&response_type=code&scope=user%3Aemail+read%3Aorg&state=state-1");
  EXPECT_EQ(id->user_id, "4242");
  EXPECT_EQ(id->username, "The Octocat");
  EXPECT_EQ(id->preferred_username, "octocat");
  EXPECT_EQ(id->email, "octo@example.com");
  EXPECT_TRUE(id->email_verified);
  EXPECT_EQ(id->groups, (std::vector<std::string>{"acme:Team 1", "acme:Team 4", "initech:Printers"}));
  EXPECT_EQ(id->connector_data, R"({"accessToken":")" + fake_.oauth().last_access_token() + R"("})");

  // The token request: Basic client authentication first, the code and redirect_uri in the body.
  auto token = fake_.requests_to("/login/oauth/access_token");
  ASSERT_EQ(token.size(), 1u);
  EXPECT_EQ(token[0].method, "POST");
  EXPECT_EQ(token[0].header("Authorization"), "Basic ZGV4LWNsaWVudDpkZXgtc2VjcmV0");
  EXPECT_EQ(token[0].body,
            "code=code-1&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fdex.example%2Fcallback");
  // Every API call carries the token; /user/teams is read to its last page once per org.
  auto user = fake_.requests_to("/user");
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0].header("Authorization"), "Bearer " + fake_.oauth().last_access_token());
  EXPECT_EQ(fake_.requests_to("/user/emails").size(), 2u);  // 3 emails, 2 per page
  EXPECT_EQ(fake_.requests_to("/user/teams").size(), 8u);   // 7 teams: 4 pages, for acme and initech
  EXPECT_EQ(fake_.requests_to("/orgs/absent/members/octocat").size(), 1u);
  EXPECT_EQ(fake_.requests_to("/orgs/absent/public_members/octocat").size(), 1u);  // the 302 followed
  EXPECT_EQ(fake_.requests_to("/user/orgs").size(), 0u);
}

TEST_F(GithubConnectorTest, RefusalWhenInNoRequiredOrgOrTeam) {
  auto c = open({{"orgs", {{{"name", "acme"}, {"teams", {"nope"}}}, {{"name", "absent"}}}}});
  auto id = login(*c, {});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().message, "github: user \"octocat\" not in required orgs or teams");
}

TEST_F(GithubConnectorTest, LoadAllGroupsSlugsLoginAsIdAndPreferredDomain) {
  auto c = open({{"loadAllGroups", true},
                 {"teamNameField", "both"},
                 {"useLoginAsID", true},
                 {"preferredEmailDomain", "*.example.org"}});
  auto without = login(*c, {});
  ASSERT_TRUE(without) << without.error().message;
  EXPECT_TRUE(without->groups.empty());  // no groups scope: none computed
  EXPECT_TRUE(without->connector_data.empty());
  auto id = login(*c, {.groups = true});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "octocat");
  EXPECT_EQ(id->email, "octo@work.example.org");
  EXPECT_EQ(id->groups[0], "acme");
  EXPECT_EQ(id->groups[1], "acme:Team 0");
  EXPECT_EQ(id->groups[2], "acme:team-0");
  EXPECT_EQ(id->groups.back(), "solo");
  EXPECT_EQ(id->groups.size(), 1u + 10u + 1u + 2u + 1u);  // "notmine" is not in /user/orgs
  EXPECT_EQ(fake_.requests_to("/user/orgs").size(), 1u);  // one page, only with the groups scope
}

TEST_F(GithubConnectorTest, LegacyOrgGivesBareTeamNamesWithoutMembershipCheck) {
  auto c = open({{"org", "initech"}});
  auto id = login(*c, {});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->groups, std::vector<std::string>{"Printers"});
  EXPECT_TRUE(fake_.requests_to("/orgs/initech/members/octocat").empty());
}

TEST_F(GithubConnectorTest, RefreshRereadsTheUserWithTheStoredToken) {
  auto c = open({{"orgs", {{{"name", "acme"}}}}});
  auto id = login(*c, {.offline_access = true});
  ASSERT_TRUE(id);
  GithubAccount changed = account();
  changed.name = "";
  changed.login = "octo2";
  changed.id = 1;
  fake_.set_account(changed);
  fake_.set_page_size(100);
  // GitHub's membership URL uses the new login.
  auto refreshed = c->capabilities().refresh->refresh({}, *id);
  ASSERT_TRUE(refreshed) << refreshed.error().message;
  EXPECT_EQ(refreshed->user_id, "4242");  // kept, as dex
  EXPECT_EQ(refreshed->username, "octo2");
  EXPECT_EQ(refreshed->preferred_username, "octo2");
  EXPECT_EQ(refreshed->groups.size(), 5u);
  Identity empty;
  EXPECT_EQ(c->capabilities().refresh->refresh({}, empty).error().message, "no upstream access token found");
  empty.connector_data = "not json";
  EXPECT_EQ(c->capabilities().refresh->refresh({}, empty).error().message,
            "github: unmarshal access token: invalid connector data");
}

TEST_F(GithubConnectorTest, UpstreamErrorsAndRateLimit) {
  auto c = open({});
  fake_.failures().fail("/user", 502);
  auto failed = login(*c, {});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message.rfind("github: get user: 502 Bad Gateway: {", 0), 0u)
      << failed.error().message;
  fake_.failures().fail("/user", 0);
  fake_.set_rate_limit_remaining(0);
  auto limited = login(*c, {});
  ASSERT_FALSE(limited);
  EXPECT_NE(limited.error().message.find("403 Forbidden: {\"documentation_url\""), std::string::npos);
  EXPECT_NE(limited.error().message.find("API rate limit exceeded"), std::string::npos);
  http::Request denied;
  denied.query = "error=access_denied&error_description=The+user+has+denied+your+application+access.&state=x";
  EXPECT_EQ(c->capabilities().callback->handle_callback({}, "", denied).error().message,
            "access_denied: The user has denied your application access.");
  EXPECT_EQ(c->capabilities().callback->login_url({}, "https://other/callback", "s").error().message,
            "expected callback URL \"https://other/callback\" did not match the URL in the config "
            "\"https://dex.example/callback\"");
}

}  // namespace
}  // namespace dexcc::connector::github
