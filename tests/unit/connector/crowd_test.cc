// The atlassian-crowd connector against FakeCrowd: config keys, the requests dex makes at login
// and refresh (method, path, query, headers, body as the fake recorded them), and every refusal.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "connector/crowd/config.h"
#include "connector/registry.h"
#include "support/fake_crowd.h"

namespace dexcc::connector {
namespace {

using testing::CrowdUser;
using testing::FakeCrowd;

TEST(CrowdConfig, EveryKey) {
  crowd::Config c = crowd::parse_config({{"baseURL", "https://crowd.example/crowd"},
                                         {"clientID", "dex"},
                                         {"clientSecret", "s"},
                                         {"groups", {"a"}},
                                         {"preferredUsernameField", "email"},
                                         {"usernamePrompt", "Crowd login"}},
                                        "c");
  EXPECT_EQ(c.base_url, "https://crowd.example/crowd");
  EXPECT_EQ(c.client_id, "dex");
  EXPECT_EQ(c.client_secret, "s");
  EXPECT_EQ(c.groups, std::vector<std::string>{"a"});
  EXPECT_EQ(c.preferred_username, crowd::PreferredUsername::kEmail);
  EXPECT_EQ(c.username_prompt, "Crowd login");
  EXPECT_EQ(
      crowd::parse_config({{"baseURL", "x"}, {"preferredUsernameField", "key"}}, "c").preferred_username,
      crowd::PreferredUsername::kKey);
  EXPECT_EQ(
      crowd::parse_config({{"baseURL", "x"}, {"preferredUsernameField", "name"}}, "c").preferred_username,
      crowd::PreferredUsername::kName);
  // Anything else is logged and leaves preferred_username empty, as in dex.
  EXPECT_EQ(
      crowd::parse_config({{"baseURL", "x"}, {"preferredUsernameField", "nick"}}, "c").preferred_username,
      crowd::PreferredUsername::kNone);
  auto missing =
      Registry::builtin().open("atlassian-crowd", R"({"clientID":"dex"})", OpenContext{.id = "crowd"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "connector crowd: config: connectors[crowd].config.baseURL: crowd: no baseURL provided for crowd "
            "connector");
}

class CrowdTest : public ::testing::Test {
 protected:
  CrowdTest()
      : crowd_("dex-app", "app-secret",
               {{.key = "k-jane",
                 .name = "jane",
                 .password = "jane-pw",
                 .email = "jane@example.com",
                 .groups = {"dev", "ops"}},
                {.key = "k-bob",
                 .name = "bob",
                 .password = "bob-pw",
                 .email = "bob@example.com",
                 .groups = {"guests"}}}) {}

  std::unique_ptr<Connector> open(nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json config{
        {"baseURL", crowd_.base_url()}, {"clientID", "dex-app"}, {"clientSecret", "app-secret"}};
    config.update(extra);
    auto c = Registry::builtin().open("atlassian-crowd", config.dump(), OpenContext{.id = "crowd"});
    EXPECT_TRUE(c) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  // Every request carries the application's credentials and asks for JSON.
  void expect_application_headers() {
    for (const auto& r : crowd_.requests()) {
      EXPECT_EQ(r.header("Authorization"), "Basic " + base::base64_encode("dex-app:app-secret")) << r.target;
      EXPECT_EQ(r.header("Accept"), "application/json") << r.target;
      EXPECT_EQ(r.header("Content-Type"), r.method == "POST" ? "application/json" : "") << r.target;
    }
  }

  FakeCrowd crowd_;
};

TEST_F(CrowdTest, LoginWithGroupsAndOfflineAccess) {
  auto c = open({{"preferredUsernameField", "key"}, {"usernamePrompt", "Crowd user"}});
  auto* p = c->capabilities().password;
  ASSERT_TRUE(p);
  EXPECT_TRUE(c->capabilities().refresh);
  EXPECT_EQ(p->prompt(), "Crowd user");
  auto id = p->login({.offline_access = true, .groups = true}, "jane", "jane-pw");
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(*id);
  EXPECT_EQ((*id)->user_id, "k-jane");
  EXPECT_EQ((*id)->username, "jane");
  EXPECT_EQ((*id)->preferred_username, "k-jane");
  EXPECT_EQ((*id)->email, "jane@example.com");
  EXPECT_TRUE((*id)->email_verified);
  EXPECT_EQ((*id)->groups, (std::vector<std::string>{"dev", "ops"}));
  EXPECT_EQ((*id)->connector_data, R"({"username":"jane"})");

  auto requests = crowd_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/crowd/rest/usermanagement/1/session");
  EXPECT_EQ(requests[0].body, R"({"username":"jane","password":"jane-pw"})");
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].target, "/crowd/rest/usermanagement/1/user?username=jane");
  EXPECT_EQ(requests[1].body, "");
  EXPECT_EQ(requests[2].method, "GET");
  EXPECT_EQ(requests[2].target, "/crowd/rest/usermanagement/1/user/group/nested?username=jane");
  expect_application_headers();
}

TEST_F(CrowdTest, LoginWithoutScopesKeepsNoConnectorData) {
  auto c = open();
  EXPECT_EQ(c->capabilities().password->prompt(), "");
  auto id = c->capabilities().password->login({}, "bob", "bob-pw");
  ASSERT_TRUE(id && *id);
  EXPECT_TRUE((*id)->groups.empty());
  EXPECT_TRUE((*id)->connector_data.empty());
  EXPECT_EQ((*id)->preferred_username, "");
  EXPECT_EQ(crowd_.requests().size(), 2u);
}

TEST_F(CrowdTest, UsernameIsEscapedInTheQuery) {
  auto c = open();
  // dex would send "jane&x=1" raw; escaped, Crowd sees the name that was authenticated.
  auto id = c->capabilities().password->login({}, "jane&x=1", "jane-pw");
  ASSERT_TRUE(id);
  EXPECT_FALSE(id->has_value());
  EXPECT_EQ(crowd_.requests().size(), 1u);
}

TEST_F(CrowdTest, RefusedCredentials) {
  auto c = open();
  auto* p = c->capabilities().password;
  auto wrong = p->login({}, "jane", "nope");
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(wrong->has_value());
  auto unknown = p->login({}, "nobody", "x");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->has_value());
  size_t before = crowd_.requests().size();
  // An empty password never reaches Crowd.
  auto empty = p->login({}, "jane", "");
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->has_value());
  EXPECT_EQ(crowd_.requests().size(), before);
  crowd_.set_active("jane", false);
  auto inactive = p->login({}, "jane", "jane-pw");
  ASSERT_FALSE(inactive);
  EXPECT_EQ(inactive.error().message, "crowd: INACTIVE_ACCOUNT: Account with name <jane> is inactive");
}

TEST_F(CrowdTest, RequiredGroups) {
  auto c = open({{"groups", {"ops", "admins"}}});
  auto jane = c->capabilities().password->login({.groups = true}, "jane", "jane-pw");
  ASSERT_TRUE(jane && *jane);
  EXPECT_EQ((*jane)->groups, std::vector<std::string>{"ops"});
  auto bob = c->capabilities().password->login({.groups = true}, "bob", "bob-pw");
  ASSERT_FALSE(bob);
  EXPECT_EQ(bob.error().message,
            "crowd: failed to query groups: crowd: user \"bob\" is not in any of the required groups");
}

TEST_F(CrowdTest, ApplicationErrorsAndOutages) {
  auto bad_app = open({{"clientSecret", "wrong"}});
  auto refused = bad_app->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "dex failed to authenticate Crowd Application with ID \"dex-app\"");

  auto c = open();
  crowd_.forbid_application(true);
  auto forbidden = c->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(forbidden.error().message,
            "dex is forbidden from making requests to the Atlassian Crowd application by URL \"" +
                crowd_.base_url() + "\"");
  crowd_.forbid_application(false);

  crowd_.fail_with(502);
  auto down = c->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_FALSE(down);
  EXPECT_TRUE(down.error().message.starts_with("unmarshal auth pass response: 502")) << down.error().message;

  auto closed = Registry::builtin().open("atlassian-crowd", R"({"baseURL":"http://127.0.0.1:1"})",
                                         OpenContext{.id = "c"});
  ASSERT_TRUE(closed);
  auto unreachable = (*closed)->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_FALSE(unreachable);
  EXPECT_TRUE(unreachable.error().message.starts_with("crowd: api request ")) << unreachable.error().message;
}

// A Crowd that accepts the connection and never answers is given up after dex's 10 s client
// timeout, with an error naming the call; the login does not hang with it.
TEST_F(CrowdTest, HungCrowdIsGivenUpAfterTheClientTimeout) {
  auto c = open();
  crowd_.hang(std::chrono::seconds(60));
  auto hung = c->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_FALSE(hung);
  // A transport error, not the fake's late 503: the client gave up first.
  EXPECT_TRUE(hung.error().message.starts_with("crowd: api request ")) << hung.error().message;
  EXPECT_NE(hung.error().message.find("Operation timed out after 10"), std::string::npos)
      << hung.error().message;
  crowd_.hang(std::chrono::milliseconds(0));
}

TEST_F(CrowdTest, RefreshRereadsTheUserAndRenewsTheSession) {
  auto c = open({{"preferredUsernameField", "name"}});
  Identity stored;
  stored.user_id = "k-jane";
  stored.username = "old";
  stored.groups = {"old"};
  stored.connector_data = R"({"username":"jane"})";
  auto r = c->capabilities().refresh->refresh({.groups = true}, stored);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->username, "jane");
  EXPECT_EQ(r->preferred_username, "jane");
  EXPECT_EQ(r->email, "jane@example.com");
  EXPECT_EQ(r->groups, (std::vector<std::string>{"dev", "ops"}));
  EXPECT_EQ(r->connector_data, stored.connector_data);

  auto requests = crowd_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/crowd/rest/usermanagement/1/user?username=jane");
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].target, "/crowd/rest/usermanagement/1/session?validate-password=false");
  EXPECT_EQ(requests[1].body, R"({"username":"jane"})");
  EXPECT_EQ(requests[2].target, "/crowd/rest/usermanagement/1/user/group/nested?username=jane");
  expect_application_headers();
}

TEST_F(CrowdTest, RefreshRefusals) {
  auto c = open();
  Identity stored;
  stored.connector_data = R"({"username":"jane"})";
  crowd_.set_active("jane", false);
  auto inactive = c->capabilities().refresh->refresh({}, stored);
  ASSERT_FALSE(inactive);
  EXPECT_EQ(inactive.error().message, "crowd: user \"jane\" is not active");

  crowd_.remove_user("jane");
  auto gone = c->capabilities().refresh->refresh({}, stored);
  ASSERT_FALSE(gone);
  EXPECT_TRUE(gone.error().message.starts_with("crowd: get user \"jane\": ")) << gone.error().message;
  EXPECT_NE(gone.error().message.find("USER_NOT_FOUND"), std::string::npos);

  stored.connector_data = "";
  auto no_data = c->capabilities().refresh->refresh({}, stored);
  ASSERT_FALSE(no_data);
  EXPECT_EQ(no_data.error().message, "crowd: failed to unmarshal internal data");
}

}  // namespace
}  // namespace dexcc::connector
