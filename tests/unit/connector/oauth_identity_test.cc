// The generic oauth connector's userinfo mapping and Go's float formatting of numeric IDs.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "connector/oauth/identity.h"

namespace dexcc::connector::oauth {
namespace {

using nlohmann::json;

TEST(OauthIdentity, GoFormatsNumbersAsDexDoes) {
  EXPECT_EQ(go_format_float(12345), "12345");
  EXPECT_EQ(go_format_float(999999), "999999");
  EXPECT_EQ(go_format_float(1000000), "1e+06");
  EXPECT_EQ(go_format_float(1234567), "1.234567e+06");
  EXPECT_EQ(go_format_float(1.5), "1.5");
  EXPECT_EQ(go_format_float(0.00001), "1e-05");
  EXPECT_EQ(go_format_float(-42), "-42");
}

TEST(OauthIdentity, DefaultKeys) {
  json info{{"id", 42},
            {"user_name", "jd"},
            {"preferred_username", "john"},
            {"email", "j@example.com"},
            {"email_verified", true},
            {"groups", {"b", {{"name", "a"}}}}};
  auto id = identity_from_userinfo(info, "opaque", {}, true);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "42");
  EXPECT_EQ(id->username, "jd");
  EXPECT_EQ(id->preferred_username, "john");
  EXPECT_TRUE(id->email_verified);
  EXPECT_EQ(id->groups, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(identity_from_userinfo(info, "opaque", {}, false)->groups.empty());
}

TEST(OauthIdentity, GroupsFromTheAccessTokenToo) {
  std::string payload = base::base64url_encode(R"({"roles":["c","a"]})");
  json info{{"sub", "u"}, {"roles", {"a"}}};
  ClaimKeys keys{.user_id = "sub", .groups = "roles"};
  auto id = identity_from_userinfo(info, "h." + payload + ".s", keys, true);
  EXPECT_EQ(id->groups, (std::vector<std::string>{"a", "c"}));
  EXPECT_FALSE(id->email_verified);
}

TEST(OauthIdentity, UserIdErrors) {
  EXPECT_EQ(identity_from_userinfo(json{{"sub", "x"}}, "", {}, false).error().message,
            "OAuth Connector: not found id claim");
  EXPECT_EQ(identity_from_userinfo(json{{"id", true}}, "", {}, false).error().message,
            "OAuth Connector: id claim should be string or number, got bool");
  EXPECT_EQ(identity_from_userinfo(json{{"id", nullptr}}, "", {}, false).error().message,
            "OAuth Connector: id claim should be string or number, got <nil>");
}

}  // namespace
}  // namespace dexcc::connector::oauth
