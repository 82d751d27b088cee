// Tests for the mock and local connectors, the registry and the manager's open/reopen rules.
#include <gtest/gtest.h>

#include "base/bcrypt.h"
#include "connector/manager.h"
#include "connector/mock/mock.h"
#include "storage/memory/memory.h"

namespace dexcc::connector {
namespace {

TEST(MockCallback, RedirectsStraightBackWithState) {
  auto c = Registry::builtin().open("mockCallback", "", OpenContext{.id = "mock"});
  ASSERT_TRUE(c);
  auto caps = (*c)->capabilities();
  ASSERT_TRUE(caps.callback);
  EXPECT_TRUE(caps.refresh);
  EXPECT_TRUE(caps.token_identity);
  EXPECT_FALSE(caps.password);
  auto url = caps.callback->login_url({}, "http://127.0.0.1:5556/dex/callback", "abc def");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->url, "http://127.0.0.1:5556/dex/callback?state=abc+def");
  auto id = caps.callback->handle_callback({}, "", http::Request{});
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user_id, "0-385-28089-0");
  EXPECT_EQ(id->username, "Kilgore Trout");
  EXPECT_EQ(id->email, "kilgore@kilgore.trout");
  EXPECT_TRUE(id->email_verified);
  EXPECT_EQ(id->groups, std::vector<std::string>{"authors"});
  EXPECT_EQ(id->connector_data, "foobar");
}

TEST(MockPassword, ChecksConfiguredCredentials) {
  auto c = Registry::builtin().open("mockPassword", R"({"username":"kilgore","password":"trout"})",
                                    OpenContext{.id = "mp"});
  ASSERT_TRUE(c);
  auto* p = (*c)->capabilities().password;
  ASSERT_TRUE(p);
  EXPECT_EQ(p->prompt(), "");
  auto ok = p->login({}, "kilgore", "trout");
  ASSERT_TRUE(ok && *ok);
  EXPECT_TRUE((*ok)->groups.empty());
  EXPECT_EQ((*ok)->connector_data, R"({"test": "true"})");
  auto bad = p->login({}, "kilgore", "wrong");
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->has_value());
}

TEST(MockPassword, ConfigErrors) {
  auto missing = Registry::builtin().open("mockPassword", R"({"username":"k"})", OpenContext{.id = "mp"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "connector mp: config: connectors[mp].config.password: no password supplied");
  auto typed = Registry::builtin().open("mockPassword", R"({"username":1,"password":"p"})", OpenContext{.id = "mp"});
  ASSERT_FALSE(typed);
  EXPECT_NE(typed.error().message.find("expected a string, got number"), std::string::npos);
}

TEST(Registry, UnknownTypesAndBadJson) {
  EXPECT_EQ(Registry::builtin().open("nope", "", {}).error().message, "unknown connector type \"nope\"");
  EXPECT_NE(Registry::builtin().open("mockCallback", "{not json", {.id = "m"}).error().message.find("not valid JSON"),
            std::string::npos);
}

// Every connector type dex v2.45.1 accepts is built in.
TEST(Registry, EveryDexTypeIsBuiltIn) {
  for (const char* type : {"keystone", "ldap", "gitea", "github", "gitlab", "google", "oidc", "oauth", "saml",
                           "samlExperimental", "authproxy", "linkedin", "microsoft", "bitbucket-cloud", "openshift",
                           "atlassian-crowd", "mockCallback", "mockPassword"}) {
    EXPECT_TRUE(Registry::builtin().has(type)) << type;
  }
}

class LocalConnector : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::memory::open();
    ASSERT_TRUE(store_->create_password(storage::Password{.email = "Jane@Example.com",
                                                          .hash = base::bcrypt_hash("secret", 10),
                                                          .username = "jane",
                                                          .preferred_username = "jd",
                                                          .user_id = "u1",
                                                          .groups = {"g"}}));
    ASSERT_TRUE(store_->create_password(
        storage::Password{.email = "cheap@example.com", .hash = base::bcrypt_hash("x", 4), .user_id = "u2"}));
    auto c = Registry::builtin().open("local", "", OpenContext{.id = "local", .passwords = store_.get()});
    ASSERT_TRUE(c);
    connector_ = std::move(*c);
    caps_ = connector_->capabilities();
  }
  std::unique_ptr<storage::Storage> store_;
  std::unique_ptr<Connector> connector_;
  Capabilities caps_;
};

TEST_F(LocalConnector, LogsInByCaseInsensitiveEmail) {
  EXPECT_EQ(caps_.password->prompt(), "Email Address");
  auto r = caps_.password->login({}, "jane@EXAMPLE.com", "secret");
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->user_id, "u1");
  EXPECT_EQ((*r)->username, "jane");  // no name: username
  EXPECT_EQ((*r)->preferred_username, "jd");
  EXPECT_TRUE((*r)->email_verified);  // unset means verified
  EXPECT_EQ((*r)->groups, std::vector<std::string>{"g"});
}

TEST_F(LocalConnector, WrongPasswordAndUnknownUserAreInvalidNotErrors) {
  auto wrong = caps_.password->login({}, "jane@example.com", "nope");
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(wrong->has_value());
  auto unknown = caps_.password->login({}, "who@example.com", "secret");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(LocalConnector, CostOutsideWindowIsAnError) {
  auto r = caps_.password->login({}, "cheap@example.com", "x");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("outside the allowed range 10..16"), std::string::npos);
}

TEST_F(LocalConnector, RefreshRereadsTheEntry) {
  Identity id{{.user_id = "u1", .email = "jane@example.com"}};
  ASSERT_TRUE(store_->update_password("jane@example.com", [](storage::Password p) -> storage::Result<storage::Password> {
    p.name = "Jane Doe";
    p.groups = {"g", "h"};
    p.email_verified = false;
    return p;
  }));
  auto r = caps_.refresh->refresh({}, id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->username, "Jane Doe");
  EXPECT_FALSE(r->email_verified);
  EXPECT_EQ(r->groups.size(), 2u);
  id.user_id = "someone-else";
  EXPECT_EQ(caps_.refresh->refresh({}, id).error().message, "user not found");
  ASSERT_TRUE(store_->delete_password("jane@example.com"));
  id.user_id = "u1";
  EXPECT_EQ(caps_.refresh->refresh({}, id).error().message, "user not found");
}

TEST(Manager, OpensAllAndReopensOnNewResourceVersion) {
  auto store = storage::memory::open();
  ASSERT_TRUE(store->create_connector({.id = "mock", .type = "mockCallback", .name = "Mock", .resource_version = "1"}));
  ASSERT_TRUE(store->create_connector({.id = "broken", .type = "ldap", .name = "LDAP", .resource_version = "1"}));
  Manager m(Registry::builtin(), *store, OpenContext{});
  EXPECT_FALSE(m.open_all(false));
  auto n = m.open_all(true);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  auto first = m.get("mock");
  ASSERT_TRUE(first);
  EXPECT_EQ(m.get("mock")->get(), first->get());  // cached
  ASSERT_TRUE(store->update_connector("mock", [](storage::Connector c) -> storage::Result<storage::Connector> {
    c.resource_version = "2";
    c.name = "Renamed";
    return c;
  }));
  auto second = m.get("mock");
  ASSERT_TRUE(second);
  EXPECT_NE(second->get(), first->get());
  EXPECT_EQ((*second)->info.name, "Renamed");
  EXPECT_FALSE(m.get("broken"));
  EXPECT_EQ(m.get("missing").error().message, "connector not found");
}

TEST(Manager, NoConnectorsOrAllFailing) {
  auto store = storage::memory::open();
  Manager empty(Registry::builtin(), *store, OpenContext{});
  EXPECT_EQ(empty.open_all(true).error().message, "server: no connectors specified");
  // A rootCA without hostName: github refuses to open.
  ASSERT_TRUE(store->create_connector({.id = "x", .type = "github", .name = "GH", .config = R"({"rootCA":"/ca.pem"})"}));
  Manager failing(Registry::builtin(), *store, OpenContext{});
  EXPECT_NE(failing.open_all(true).error().message.find("failed to open all connectors"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::connector
