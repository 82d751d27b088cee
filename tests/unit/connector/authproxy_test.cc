// The authproxy connector: dex v2.45.1's header defaults, configured headers, groups, the redirect.
#include <gtest/gtest.h>

#include "connector/authproxy/config.h"
#include "connector/registry.h"

namespace dexcc::connector {
namespace {

std::unique_ptr<Connector> open_proxy(const std::string& config, const std::string& id = "proxy") {
  auto c = Registry::builtin().open("authproxy", config, OpenContext{.id = id});
  EXPECT_TRUE(c) << c.error().message;
  return c ? std::move(*c) : nullptr;
}

http::Request with_headers(std::vector<std::pair<std::string, std::string>> headers) {
  http::Request r;
  r.method = "GET";
  for (const auto& [k, v] : headers) r.headers.add(k, v);
  return r;
}

TEST(AuthProxyConfig, DefaultsAreDexs) {
  authproxy::Config c = authproxy::parse_config(nullptr, "c");
  EXPECT_EQ(c.user_id_header, "X-Remote-User-Id");
  EXPECT_EQ(c.user_header, "X-Remote-User");
  EXPECT_EQ(c.user_name_header, "X-Remote-User-Name");
  EXPECT_EQ(c.email_header, "X-Remote-User-Email");
  EXPECT_EQ(c.group_header, "X-Remote-Group");
  EXPECT_EQ(c.group_header_separator, ",");
  EXPECT_TRUE(c.static_groups.empty());
  // An empty value is the default too, as dex's `if c.X == ""`.
  EXPECT_EQ(authproxy::parse_config({{"userHeader", ""}}, "c").user_header, "X-Remote-User");
}

TEST(AuthProxyConfig, EveryKey) {
  nlohmann::json j{{"userIDHeader", "X-Id"},    {"userHeader", "X-User"},    {"userNameHeader", "X-Name"},
                   {"emailHeader", "X-Mail"},   {"groupHeader", "X-Groups"}, {"groupHeaderSeparator", ";"},
                   {"staticGroups", {"a", "b"}}};
  authproxy::Config c = authproxy::parse_config(j, "c");
  EXPECT_EQ(c.user_id_header, "X-Id");
  EXPECT_EQ(c.user_header, "X-User");
  EXPECT_EQ(c.user_name_header, "X-Name");
  EXPECT_EQ(c.email_header, "X-Mail");
  EXPECT_EQ(c.group_header, "X-Groups");
  EXPECT_EQ(c.group_header_separator, ";");
  EXPECT_EQ(c.static_groups, (std::vector<std::string>{"a", "b"}));
  auto bad = Registry::builtin().open("authproxy", R"({"staticGroups":"a"})", OpenContext{.id = "p"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("connectors[p].config.staticGroups"), std::string::npos)
      << bad.error().message;
}

TEST(AuthProxy, RedirectsToItsOwnCallbackPath) {
  auto c = open_proxy("");
  auto caps = c->capabilities();
  ASSERT_TRUE(caps.callback);
  EXPECT_FALSE(caps.refresh);  // dex issues no refresh tokens through authproxy
  EXPECT_FALSE(caps.password);
  auto url = caps.callback->login_url({}, "https://dex.example/dex/callback", "req 1");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->url, "https://dex.example/dex/callback/proxy?state=req+1");
  EXPECT_TRUE(url->connector_data.empty());
}

TEST(AuthProxy, DefaultHeadersOnlyUser) {
  auto c = open_proxy("");
  auto id = c->capabilities().callback->handle_callback({}, "", with_headers({{"X-Remote-User", "jane"}}));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->username, "jane");
  EXPECT_EQ(id->preferred_username, "jane");
  EXPECT_EQ(id->user_id, "jane");
  EXPECT_EQ(id->email, "jane");
  EXPECT_TRUE(id->email_verified);
  EXPECT_TRUE(id->groups.empty());
  EXPECT_TRUE(id->connector_data.empty());
}

TEST(AuthProxy, DefaultHeadersAll) {
  auto c = open_proxy(R"({"staticGroups":["static"]})");
  // Header names match case-insensitively, as Go's Header.Get.
  auto id =
      c->capabilities().callback->handle_callback({}, "",
                                                  with_headers({{"x-remote-user", "jane"},
                                                                {"X-Remote-User-Id", "u-42"},
                                                                {"X-Remote-User-Name", "Jane Doe"},
                                                                {"X-Remote-User-Email", "jane@example.com"},
                                                                {"X-Remote-Group", " admins, ,dev ,ops"}}));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->username, "jane");
  EXPECT_EQ(id->preferred_username, "Jane Doe");
  EXPECT_EQ(id->user_id, "u-42");
  EXPECT_EQ(id->email, "jane@example.com");
  // Split, trimmed, empty parts kept (as dex), then the static groups; the groups scope is not needed.
  EXPECT_EQ(id->groups, (std::vector<std::string>{"admins", "", "dev", "ops", "static"}));
}

TEST(AuthProxy, ConfiguredHeadersAndSeparator) {
  auto c = open_proxy(
      R"({"userHeader":"X-User","emailHeader":"X-Mail","groupHeader":"X-G","groupHeaderSeparator":"|"})");
  auto id = c->capabilities().callback->handle_callback({}, "",
                                                        with_headers({{"X-Remote-User", "ignored"},
                                                                      {"X-User", "bob"},
                                                                      {"X-Mail", "bob@example.com"},
                                                                      {"X-G", "a|b, c"}}));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->username, "bob");
  EXPECT_EQ(id->email, "bob@example.com");
  EXPECT_EQ(id->groups, (std::vector<std::string>{"a", "b, c"}));
}

TEST(AuthProxy, MissingUserHeaderIsAnError) {
  auto c = open_proxy(R"({"userHeader":"X-User"})");
  auto id = c->capabilities().callback->handle_callback({}, "", with_headers({{"X-Remote-User", "jane"}}));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().message, "required HTTP header X-User is not set");
}

}  // namespace
}  // namespace dexcc::connector
