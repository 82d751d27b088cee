// The openshift connector's pure parts: the User object's mapping and group gate, dex's stored
// oauth2 token JSON, and the status error text.
#include <gtest/gtest.h>

#include "base/time_format.h"
#include "connector/openshift/token_data.h"
#include "connector/openshift/user.h"
#include "connector/upstream/api_error.h"

namespace dexcc::connector::openshift {
namespace {

constexpr char kUser[] = R"({"kind":"User","apiVersion":"user.openshift.io/v1",
  "metadata":{"name":"jane","uid":"u-1"},"fullName":"Jane Doe","identities":["ldap:jane"],
  "groups":["dev","ops"]})";

TEST(OpenshiftUser, MapsAsDex) {
  auto id = identity_from_user(kUser, {});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "u-1");
  EXPECT_EQ(id->username, "jane");
  EXPECT_EQ(id->preferred_username, "jane");
  EXPECT_EQ(id->email, "jane");
  EXPECT_FALSE(id->email_verified);
  EXPECT_EQ(id->groups, (std::vector<std::string>{"dev", "ops"}));
  // Required groups gate the login and leave the groups as they are.
  auto gated = identity_from_user(kUser, {"ops", "admins"});
  ASSERT_TRUE(gated);
  EXPECT_EQ(gated->groups, (std::vector<std::string>{"dev", "ops"}));
  auto refused = identity_from_user(kUser, {"admins"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "openshift: user \"jane\" is not in any of the required groups");
  EXPECT_FALSE(identity_from_user(R"({"metadata":{"name":7}})", {}));
  EXPECT_FALSE(identity_from_user("[]", {}));
}

TEST(OpenshiftTokenData, ReadsAndWritesDexFormat) {
  auto t = decode_token_data(
      R"({"access_token":"sha256~x","token_type":"Bearer","expiry":"2026-12-04T06:00:00.5+00:00","expires_in":86400})");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->access_token, "sha256~x");
  EXPECT_EQ(t->token_type, "Bearer");
  EXPECT_TRUE(t->refresh_token.empty());
  EXPECT_EQ(t->expires_in, 86400);
  EXPECT_EQ(
      encode_token_data(*t),
      R"({"access_token":"sha256~x","token_type":"Bearer","expiry":"2026-12-04T06:00:00.5Z","expires_in":86400})");
  // Empty members left out, expiry always written.
  EXPECT_EQ(encode_token_data({.access_token = "a"}),
            R"({"access_token":"a","expiry":"0001-01-01T00:00:00Z"})");
  EXPECT_FALSE(decode_token_data("{"));
  EXPECT_FALSE(decode_token_data(R"({"expiry":"soon"})"));
}

TEST(UpstreamStatusError, GoStatusLineAndBody) {
  EXPECT_EQ(upstream::status_error(401, "{}"), "401 Unauthorized: {}");
  EXPECT_EQ(upstream::status_error(418, "tea"), "418 I'm a teapot: tea");
  EXPECT_EQ(upstream::status_error(299, "x"), "299 status code 299: x");
  EXPECT_EQ(upstream::status_error(500, std::string(600, 'x')).size(),
            std::string("500 Internal Server Error: ").size() + 515);
}

}  // namespace
}  // namespace dexcc::connector::openshift
