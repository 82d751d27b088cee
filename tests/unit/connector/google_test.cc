// The google connector's pure parts: config defaults and refusals, claim mapping with the hosted
// domain check, the service-account file and the jwt-bearer assertion, googleapi error texts.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "base/json_fields.h"
#include "connector/google/claims.h"
#include "connector/google/config.h"
#include "connector/google/directory.h"
#include "connector/google/service_account.h"
#include "jose/jws.h"
#include "jose/pem.h"

namespace dexcc::connector::google {
namespace {

using nlohmann::json;

TEST(GoogleConfig, DefaultsAsDex) {
  Config c =
      parse_config({{"clientID", "id"}, {"clientSecret", "s"}, {"redirectURI", "https://d/callback"}}, "c");
  EXPECT_EQ(c.scopes, (std::vector<std::string>{"openid", "profile", "email"}));
  EXPECT_EQ(c.prompt_type, "consent");
  EXPECT_FALSE(c.fetch_transitive_group_membership);
  EXPECT_FALSE(c.wants_directory());
}

TEST(GoogleConfig, ScopesPromptAndAdminEmails) {
  Config c = parse_config({{"scopes", {"email", "groups"}},
                           {"promptType", ""},
                           {"adminEmail", "root@example.com"},
                           {"domainToAdminEmail", {{"corp.example", "boss@corp.example"}}},
                           {"fetchTransitiveGroupMembership", true}},
                          "c");
  EXPECT_EQ(c.scopes, (std::vector<std::string>{"openid", "email", "groups"}));
  EXPECT_EQ(c.prompt_type, "");  // an explicit empty prompt is kept
  // adminEmail (deprecated) becomes the "*" entry.
  EXPECT_EQ(c.domain_to_admin_email, (std::map<std::string, std::string>{
                                         {"*", "root@example.com"}, {"corp.example", "boss@corp.example"}}));
  EXPECT_TRUE(c.wants_directory());  // "groups" among the scopes
}

TEST(GoogleConfig, ServiceAccountNeedsAnAdminEmail) {
  EXPECT_THROW(parse_config({{"serviceAccountFilePath", "/sa.json"}}, "c"), base::ConfigError);
  Config c = parse_config({{"serviceAccountFilePath", "/sa.json"}, {"adminEmail", "a@b"}}, "c");
  EXPECT_TRUE(c.wants_directory());
}

TEST(GoogleClaims, MapsAsDex) {
  auto id = identity_from_claims(
      {{"sub", "42"}, {"name", "Ann"}, {"email", "ann@x.org"}, {"email_verified", true}, {"hd", "x.org"}},
      {"x.org"});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "42");
  EXPECT_EQ(id->username, "Ann");
  EXPECT_EQ(id->email, "ann@x.org");
  EXPECT_TRUE(id->email_verified);
  EXPECT_TRUE(id->preferred_username.empty());
  // Without hostedDomains any (or no) hd passes; a missing email_verified is false.
  auto open = identity_from_claims({{"sub", "1"}}, {});
  ASSERT_TRUE(open);
  EXPECT_FALSE(open->email_verified);
}

TEST(GoogleClaims, HostedDomainAndTypes) {
  auto other = identity_from_claims({{"sub", "1"}, {"hd", "evil.org"}}, {"x.org", "y.org"});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().message, "oidc: unexpected hd claim evil.org");
  auto none = identity_from_claims({{"sub", "1"}}, {"x.org"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "oidc: unexpected hd claim ");
  EXPECT_FALSE(identity_from_claims({{"sub", "1"}, {"email_verified", "true"}}, {}));
  EXPECT_FALSE(identity_from_claims({{"sub", 1}}, {}));
}

TEST(GoogleServiceAccount, FileAndAssertion) {
  jose::Key key = *jose::Key::generate_rsa(2048);
  json file{{"type", "service_account"},
            {"private_key_id", "k1"},
            {"private_key", *jose::private_key_pem(key)},
            {"client_email", "sa@p.iam.gserviceaccount.com"}};
  auto account = parse_service_account(file.dump());
  ASSERT_TRUE(account) << account.error().message;
  EXPECT_EQ(account->token_uri, kDefaultTokenUri);
  base::Time now{std::chrono::seconds(1'700'000'000)};
  auto assertion = make_assertion(*account, kDirectoryGroupScope, "admin@x.org", now);
  ASSERT_TRUE(assertion);
  auto jws = jose::parse_compact(*assertion);
  ASSERT_TRUE(jws);
  EXPECT_TRUE(jose::verify_signature(*jws, *key.public_key()));
  EXPECT_EQ(jws->header, json({{"alg", "RS256"}, {"kid", "k1"}, {"typ", "JWT"}}));
  EXPECT_EQ(json::parse(jws->payload), json({{"iss", "sa@p.iam.gserviceaccount.com"},
                                             {"scope", kDirectoryGroupScope},
                                             {"aud", kDefaultTokenUri},
                                             {"exp", 1'700'000'000 - 10 + 3600},
                                             {"iat", 1'700'000'000 - 10},
                                             {"sub", "admin@x.org"},
                                             {"prn", "admin@x.org"}}));
  // Without a subject there is no delegation.
  EXPECT_FALSE(
      json::parse(jose::parse_compact(*make_assertion(*account, "s", "", now))->payload).contains("sub"));
}

TEST(GoogleServiceAccount, RefusesOtherCredentialTypes) {
  auto user = parse_service_account(R"({"type":"authorized_user"})");
  ASSERT_FALSE(user);
  EXPECT_NE(user.error().message.find("'type' field is \"authorized_user\" (expected \"service_account\")"),
            std::string::npos);
  EXPECT_FALSE(parse_service_account(R"({"type":"service_account","private_key":"nope"})"));
  EXPECT_FALSE(load_service_account("/nonexistent/sa.json"));
}

TEST(GoogleDirectory, ErrorTexts) {
  EXPECT_EQ(
      googleapi_error(
          403,
          R"({"error":{"code":403,"message":"Not Authorized","errors":[{"message":"Not Authorized","reason":"forbidden"}]}})"),
      "googleapi: Error 403: Not Authorized, forbidden");
  EXPECT_EQ(googleapi_error(500, R"({"error":{"code":500,"message":"Backend Error"}})"),
            "googleapi: Error 500: Backend Error");
  EXPECT_EQ(googleapi_error(502, "<html>bad gateway</html>"), "googleapi: got HTTP response code 502");
}

}  // namespace
}  // namespace dexcc::connector::google
