// The microsoft connector's parts: config defaults and refusals, the requested scopes, dex's
// stored token blob, Graph's error text, and getByIds in chunks of 1000 against a local Graph.
#include <gtest/gtest.h>

#include "base/json_fields.h"
#include "base/time_format.h"
#include "connector/microsoft/config.h"
#include "connector/microsoft/graph.h"
#include "connector/upstream/client.h"
#include "connector/upstream/stored_token.h"
#include "support/fake_upstream.h"

namespace dexcc::connector::microsoft {
namespace {

using nlohmann::json;

TEST(MicrosoftConfig, DefaultsAsDex) {
  Config c = parse_config(json::object(), "c");
  EXPECT_EQ(c.tenant, "common");
  EXPECT_EQ(c.api_url, "https://login.microsoftonline.com");
  EXPECT_EQ(c.graph_url, "https://graph.microsoft.com");
  EXPECT_EQ(c.group_name_format, GroupNameFormat::kName);
  EXPECT_FALSE(c.org_tenant());
  EXPECT_EQ(c.request_scopes(true, false), (std::vector<std::string>{"user.read"}));
}

TEST(MicrosoftConfig, KeysAndRefusals) {
  Config c = parse_config({{"tenant", "contoso.onmicrosoft.com"},
                           {"apiURL", "https://login.example/"},
                           {"graphURL", "https://graph.example/"},
                           {"groupNameFormat", "id"},
                           {"scopes", {"openid", "User.Read"}},
                           {"groups", {"a"}},
                           {"batchGroupLookups", true}},
                          "c");
  EXPECT_EQ(c.api_url, "https://login.example");
  EXPECT_EQ(c.graph_url, "https://graph.example");
  EXPECT_EQ(c.group_name_format, GroupNameFormat::kId);
  EXPECT_TRUE(c.org_tenant());
  // `groups` alone makes groups required; the scope list grows in dex's order.
  EXPECT_EQ(c.request_scopes(false, true),
            (std::vector<std::string>{"openid", "User.Read", "directory.read.all", "offline_access"}));
  for (const char* alias : {"common", "consumers", "organizations"}) {
    EXPECT_FALSE(parse_config({{"tenant", alias}, {"groups", {"a"}}}, "c").groups_required(true)) << alias;
  }
  EXPECT_THROW(parse_config({{"groupNameFormat", "upn"}}, "c"), base::ConfigError);
}

TEST(MicrosoftStoredToken, ReadsDexBlobsAndWritesThem) {
  // As dex v2.45.1 writes it: Go's time with a zone offset and nanoseconds.
  auto t = upstream::decode_stored_token(
      R"({"accessToken":"at","refreshToken":"rt","expiry":"2026-12-03T08:00:00.123456789+01:00"})");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->access_token, "at");
  EXPECT_EQ(t->refresh_token, "rt");
  ASSERT_TRUE(t->expiry);
  EXPECT_EQ(base::format_rfc3339_nano(*t->expiry), "2026-12-03T07:00:00.123456Z");
  EXPECT_TRUE(t->valid(*t->expiry - std::chrono::seconds(11)));
  EXPECT_FALSE(t->valid(*t->expiry - std::chrono::seconds(9)));  // x/oauth2's 10 s margin
  // Go's zero time: never expires.
  auto zero = upstream::decode_stored_token(R"({"AccessToken":"at","expiry":"0001-01-01T00:00:00Z"})");
  ASSERT_TRUE(zero);
  EXPECT_FALSE(zero->expiry);
  EXPECT_TRUE(zero->valid(base::Time{}));
  EXPECT_EQ(upstream::encode_stored_token(*zero),
            R"({"accessToken":"at","refreshToken":"","expiry":"0001-01-01T00:00:00Z"})");
  EXPECT_FALSE(upstream::decode_stored_token("not json"));
  EXPECT_FALSE(upstream::decode_stored_token(R"({"accessToken":1})"));
  EXPECT_FALSE(upstream::decode_stored_token(R"({"expiry":"yesterday"})"));
}

TEST(MicrosoftGraph, ErrorText) {
  EXPECT_EQ(
      graph_error(R"({"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges"}})"),
      "Authorization_RequestDenied: Insufficient privileges");
  EXPECT_EQ(graph_error("<html>"), "JSON error decode: invalid JSON");
}

TEST(MicrosoftGraph, LooksUpNamesInChunksOfAThousand) {
  std::vector<size_t> sizes;
  testing::FakeUpstream graph([&](const testing::ReceivedRequest& r) {
    json in = json::parse(r.body);
    sizes.push_back(in["ids"].size());
    json value = json::array();
    for (const auto& id : in["ids"]) value.push_back({{"displayName", "name-" + id.get<std::string>()}});
    return testing::FakeResponse{.headers = {{"Content-Type", "application/json"}},
                                 .body = json{{"value", value}}.dump()};
  });
  auto client = upstream::make_client({}, false);
  ASSERT_TRUE(client);
  Graph g(graph.url(""), *client);
  std::vector<std::string> ids;
  for (int i = 0; i < 2500; ++i) ids.push_back(std::to_string(i));
  auto names = g.group_names("Bearer t", ids);
  ASSERT_TRUE(names) << names.error().message;
  EXPECT_EQ(sizes, (std::vector<size_t>{1000, 1000, 500}));
  ASSERT_EQ(names->size(), 2500u);
  EXPECT_EQ(names->back(), "name-2499");
}

}  // namespace
}  // namespace dexcc::connector::microsoft
