// The keystone connector against FakeKeystone: config keys and the domain rule, the requests dex
// makes at login and refresh (checked as the fake recorded them), and every refusal.
#include <gtest/gtest.h>

#include "connector/keystone/config.h"
#include "connector/registry.h"
#include "support/fake_keystone.h"

namespace dexcc::connector {
namespace {

using testing::FakeKeystone;
using testing::KeystoneUser;

TEST(KeystoneConfig, EveryKeyAndTheDomainRule) {
  keystone::Config c = keystone::parse_config({{"domain", "default"},
                                               {"keystoneHost", "http://ks:5000"},
                                               {"keystoneUsername", "admin"},
                                               {"keystonePassword", "pw"}},
                                              "c");
  EXPECT_EQ(c.domain.id, "default");
  EXPECT_EQ(c.domain.name, "");
  EXPECT_EQ(c.host, "http://ks:5000");
  EXPECT_EQ(c.admin_username, "admin");
  EXPECT_EQ(c.admin_password, "pw");
  EXPECT_EQ(keystone::parse_config({{"domain", "Default"}}, "c").domain.name, "Default");
  EXPECT_EQ(keystone::parse_config({{"domain", "corp"}}, "c").domain.name, "corp");
  // Keystone's ids are 32 hex digits; Go's uuid.Parse takes them, and the other UUID forms.
  for (const char* id :
       {"6bd5e0d3a9a243e4b3bd2ee2cc23e95b", "6bd5e0d3-a9a2-43e4-b3bd-2ee2cc23e95b",
        "{6bd5e0d3-a9a2-43e4-b3bd-2ee2cc23e95b}", "urn:uuid:6bd5e0d3-a9a2-43e4-b3bd-2ee2cc23e95b"}) {
    EXPECT_EQ(keystone::parse_config({{"domain", id}}, "c").domain.id, id) << id;
  }
  for (const char* name : {"6bd5e0d3a9a243e4b3bd2ee2cc23e95", "6bd5e0d3-a9a2-43e4-b3bd_2ee2cc23e95b", "zz"}) {
    EXPECT_FALSE(keystone::is_uuid(name)) << name;
  }
  keystone::Config empty = keystone::parse_config(nullptr, "c");
  EXPECT_EQ(empty.domain.name, "");
  EXPECT_EQ(empty.domain.id, "");
  auto typed = Registry::builtin().open("keystone", R"({"keystoneHost": 5000})", OpenContext{.id = "ks"});
  ASSERT_FALSE(typed);
  EXPECT_NE(typed.error().message.find("connectors[ks].config.keystoneHost"), std::string::npos);
}

class KeystoneTest : public ::testing::Test {
 protected:
  KeystoneTest()
      : keystone_({{.id = "admin-id", .name = "admin", .password = "admin-pw"},
                   {.id = "jane-id",
                    .name = "jane",
                    .password = "jane-pw",
                    .email = "jane@example.com",
                    .groups = {"dev", "ops"}},
                   {.id = "bob-id",
                    .name = "bob",
                    .password = "bob-pw",
                    .domain_id = "d2",
                    .domain_name = "corp"}}) {}

  std::unique_ptr<Connector> open(const std::string& domain = "default") {
    nlohmann::json config{{"domain", domain},
                          {"keystoneHost", keystone_.host()},
                          {"keystoneUsername", "admin"},
                          {"keystonePassword", "admin-pw"}};
    auto c = Registry::builtin().open("keystone", config.dump(), OpenContext{.id = "ks"});
    EXPECT_TRUE(c) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  FakeKeystone keystone_;
};

TEST_F(KeystoneTest, LoginWithGroups) {
  auto c = open();
  auto* p = c->capabilities().password;
  ASSERT_TRUE(p);
  EXPECT_TRUE(c->capabilities().refresh);
  EXPECT_EQ(p->prompt(), "username");
  auto id = p->login({.groups = true}, "jane", "jane-pw");
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(*id);
  EXPECT_EQ((*id)->user_id, "jane-id");
  EXPECT_EQ((*id)->username, "jane");
  EXPECT_EQ((*id)->email, "jane@example.com");
  EXPECT_TRUE((*id)->email_verified);
  EXPECT_EQ((*id)->groups, (std::vector<std::string>{"dev", "ops"}));
  EXPECT_TRUE((*id)->connector_data.empty());

  auto requests = keystone_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v3/auth/tokens/");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
  EXPECT_EQ(
      requests[0].body,
      R"({"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"jane","domain":{"id":"default"},"password":"jane-pw"}}}}})");
  std::string token = keystone_.tokens().begin()->first;
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].target, "/v3/users/jane-id/groups");
  EXPECT_EQ(requests[1].header("X-Auth-Token"), token);
  EXPECT_EQ(requests[2].method, "GET");
  EXPECT_EQ(requests[2].target, "/v3/users/jane-id");
  EXPECT_EQ(requests[2].header("X-Auth-Token"), token);
}

TEST_F(KeystoneTest, LoginWithoutGroupsScopeSkipsTheGroupCall) {
  auto c = open("corp");
  auto id = c->capabilities().password->login({}, "bob", "bob-pw");
  ASSERT_TRUE(id && *id) << (id ? "invalid" : id.error().message);
  EXPECT_EQ((*id)->email, "");
  EXPECT_FALSE((*id)->email_verified);
  EXPECT_TRUE((*id)->groups.empty());
  auto requests = keystone_.requests();
  ASSERT_EQ(requests.size(), 2u);
  // A domain that is neither a UUID nor "default" goes by name.
  EXPECT_NE(requests[0].body.find(R"("domain":{"name":"corp"})"), std::string::npos) << requests[0].body;
  EXPECT_EQ(requests[1].target, "/v3/users/bob-id");
}

TEST_F(KeystoneTest, WrongPasswordIsAnErrorAsInDex) {
  auto c = open();
  // Keystone answers 401; dex treats every non-2xx as an error, not as "invalid password".
  auto id = c->capabilities().password->login({}, "jane", "wrong");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().message, "keystone login: error 401");
  EXPECT_EQ(keystone_.requests().size(), 1u);
}

TEST_F(KeystoneTest, AnotherSuccessStatusIsInvalidCredentials) {
  keystone_.token_success_status(200);
  auto c = open();
  auto id = c->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_FALSE(id->has_value());
}

TEST_F(KeystoneTest, UpstreamFailures) {
  auto c = open();
  keystone_.fail_with(503);
  auto down = c->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().message, "keystone login: error 503");

  auto closed = Registry::builtin().open("keystone", R"({"keystoneHost":"http://127.0.0.1:1"})",
                                         OpenContext{.id = "ks"});
  ASSERT_TRUE(closed);
  auto unreachable = (*closed)->capabilities().password->login({}, "jane", "jane-pw");
  ASSERT_FALSE(unreachable);
  EXPECT_TRUE(unreachable.error().message.starts_with("keystone: error ")) << unreachable.error().message;
}

TEST_F(KeystoneTest, RefreshReadsTheUserWithAnAdminToken) {
  auto c = open();
  Identity stored;
  stored.user_id = "jane-id";
  stored.username = "jane";
  stored.email = "jane@example.com";
  stored.groups = {"old"};
  auto refreshed = c->capabilities().refresh->refresh({.groups = true}, stored);
  ASSERT_TRUE(refreshed) << refreshed.error().message;
  EXPECT_EQ(refreshed->username, "jane");
  EXPECT_EQ(refreshed->groups, (std::vector<std::string>{"dev", "ops"}));

  auto requests = keystone_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].target, "/v3/auth/tokens/");
  EXPECT_NE(
      requests[0].body.find(R"("user":{"name":"admin","domain":{"id":"default"},"password":"admin-pw"})"),
      std::string::npos)
      << requests[0].body;
  auto tokens = keystone_.tokens();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens.begin()->second, "admin-id");
  EXPECT_EQ(requests[1].target, "/v3/users/jane-id");
  EXPECT_EQ(requests[1].header("X-Auth-Token"), tokens.begin()->first);
  EXPECT_EQ(requests[2].target, "/v3/users/jane-id/groups");
  EXPECT_EQ(requests[2].header("X-Auth-Token"), tokens.begin()->first);
}

TEST_F(KeystoneTest, RefreshRefusals) {
  auto c = open();
  Identity stored;
  stored.user_id = "jane-id";
  keystone_.set_enabled("jane-id", false);
  auto disabled = c->capabilities().refresh->refresh({}, stored);
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().message, "keystone: user \"jane-id\" is disabled");

  keystone_.remove_user("jane-id");
  auto gone = c->capabilities().refresh->refresh({}, stored);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().message, "keystone: user \"jane-id\" does not exist");

  keystone_.fail_with(500);
  auto down = c->capabilities().refresh->refresh({}, stored);
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().message, "keystone: failed to obtain admin token: status 500");
}

TEST_F(KeystoneTest, RefreshWithWrongAdminCredentialsFails) {
  nlohmann::json config{{"domain", "default"},
                        {"keystoneHost", keystone_.host()},
                        {"keystoneUsername", "admin"},
                        {"keystonePassword", "wrong"}};
  auto c = Registry::builtin().open("keystone", config.dump(), OpenContext{.id = "ks"});
  ASSERT_TRUE(c);
  Identity stored;
  stored.user_id = "jane-id";
  auto r = (*c)->capabilities().refresh->refresh({}, stored);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "keystone: failed to obtain admin token: status 401");
}

}  // namespace
}  // namespace dexcc::connector
