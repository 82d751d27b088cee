// The oidc connector's pure parts: claim mapping, config decoding, connector data, discovery.
#include <gtest/gtest.h>

#include "base/json_fields.h"
#include "connector/oidc/claims.h"
#include "connector/oidc/config.h"
#include "connector/oidc/connector_data.h"
#include "connector/oidc/discovery.h"

namespace dexcc::connector::oidc {
namespace {

using nlohmann::json;

json base_claims() {
  return {{"sub", "u1"}, {"name", "Jane"}, {"email", "jane@example.com"}, {"email_verified", true}};
}

TEST(OidcClaims, MapsTheStandardClaims) {
  json c = base_claims();
  c["preferred_username"] = "jane";
  auto id = map_claims(c, {});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "u1");
  EXPECT_EQ(id->username, "Jane");
  EXPECT_EQ(id->preferred_username, "jane");
  EXPECT_EQ(id->email, "jane@example.com");
  EXPECT_TRUE(id->email_verified);
  EXPECT_TRUE(id->groups.empty());
}

TEST(OidcClaims, RequiredClaimsWithDexMessages) {
  json c = base_claims();
  c.erase("sub");
  EXPECT_EQ(map_claims(c, {}).error().message, "missing \"sub\" claim");
  c = base_claims();
  c.erase("name");
  EXPECT_EQ(map_claims(c, {}).error().message, "missing \"name\" claim");
  c = base_claims();
  c.erase("email");
  EXPECT_EQ(map_claims(c, {}).error().message, "missing email claim, not found \"email\" key");
  c = base_claims();
  c.erase("email_verified");
  EXPECT_EQ(map_claims(c, {}).error().message, "missing \"email_verified\" claim");
  // Without the email scope neither is required.
  c.erase("email");
  EXPECT_TRUE(map_claims(c, {.email_scope = false}));
  // userNameKey names the required claim.
  EXPECT_EQ(map_claims(base_claims(), {.user_name_key = "login"}).error().message, "missing \"login\" claim");
}

TEST(OidcClaims, InsecureSkipEmailVerifiedOnlyFillsAMissingClaim) {
  json c = base_claims();
  c.erase("email_verified");
  EXPECT_TRUE(map_claims(c, {.insecure_skip_email_verified = true})->email_verified);
  c["email_verified"] = false;
  EXPECT_FALSE(map_claims(c, {.insecure_skip_email_verified = true})->email_verified);
}

TEST(OidcClaims, ClaimMappingIsAFallbackUnlessOverridden) {
  json c = base_claims();
  c["preferred_username"] = "std";
  c["login"] = "mapped";
  c["mail"] = "other@example.com";
  ClaimRules r{.preferred_username_key = "login", .email_key = "mail"};
  EXPECT_EQ(map_claims(c, r)->preferred_username, "std");
  EXPECT_EQ(map_claims(c, r)->email, "jane@example.com");
  r.override_claim_mapping = true;
  EXPECT_EQ(map_claims(c, r)->preferred_username, "mapped");
  EXPECT_EQ(map_claims(c, r)->email, "other@example.com");
  c.erase("preferred_username");
  r.override_claim_mapping = false;
  EXPECT_EQ(map_claims(c, r)->preferred_username, "mapped");
}

TEST(OidcClaims, GroupsOnlyWithInsecureEnableGroups) {
  json c = base_claims();
  c["groups"] = {"a", {{"name", "b"}}, {{"id", 1}}};
  EXPECT_TRUE(map_claims(c, {})->groups.empty());
  auto id = map_claims(c, {.insecure_enable_groups = true});
  EXPECT_EQ(id->groups, (std::vector<std::string>{"a", "b"}));
  c["groups"] = "single";
  EXPECT_EQ(map_claims(c, {.insecure_enable_groups = true})->groups, std::vector<std::string>{"single"});
  c["groups"] = {"a", 3};
  EXPECT_EQ(map_claims(c, {.insecure_enable_groups = true}).error().message, "malformed \"groups\" claim");
  c.erase("groups");
  c["roles"] = {"r1"};
  EXPECT_EQ(map_claims(c, {.insecure_enable_groups = true, .groups_key = "roles"})->groups,
            std::vector<std::string>{"r1"});
}

TEST(OidcClaims, AllowedGroupsKeepTheIntersection) {
  json c = base_claims();
  c["groups"] = {"a", "b", "c"};
  ClaimRules r{.insecure_enable_groups = true, .allowed_groups = {"c", "a", "z"}};
  EXPECT_EQ(map_claims(c, r)->groups, (std::vector<std::string>{"a", "c"}));
  r.allowed_groups = {"z"};
  EXPECT_EQ(map_claims(c, r).error().message, "user not a member of allowed groups");
}

TEST(OidcClaims, FilterAndRenameGroups) {
  json c = base_claims();
  c["groups"] = {"team-a", "other", "team-b"};
  ClaimRules r{.insecure_enable_groups = true,
               .groups_filter = std::regex("^team-"),
               .group_prefix = "up:",
               .group_suffix = "!"};
  EXPECT_EQ(map_claims(c, r)->groups, (std::vector<std::string>{"up:team-a!", "up:team-b!"}));
}

TEST(OidcClaims, NewGroupFromClaims) {
  json c = base_claims();
  c["org"] = "dex:idp";
  c["team"] = "core";
  c["count"] = 3;
  ClaimRules r{
      .new_group_from_claims = {
          {.claims = {"org", "count", "team"}, .delimiter = ":", .clear_delimiter = true, .prefix = "gh"},
          {.claims = {"count", "absent"}, .delimiter = "/"}}};
  EXPECT_EQ(map_claims(c, r)->groups, std::vector<std::string>{"gh:dexidp:core"});
}

TEST(OidcClaims, UserIdKey) {
  json c = base_claims();
  c["oid"] = "object-id";
  EXPECT_EQ(map_claims(c, {.user_id_key = "oid"})->user_id, "object-id");
  EXPECT_EQ(map_claims(c, {.user_id_key = "nope"}).error().message, "oidc: not found nope claim");
}

TEST(OidcConfig, DefaultsAndScopes) {
  Config c = parse_config(json{{"issuer", "https://idp"}, {"clientID", "id"}}, "c");
  EXPECT_EQ(c.scopes, (std::vector<std::string>{"openid", "profile", "email"}));
  EXPECT_EQ(c.prompt_type, "consent");
  EXPECT_FALSE(c.basic_auth_unsupported.has_value());
  EXPECT_TRUE(c.claims.email_scope);
  c = parse_config(json{{"scopes", {"groups"}}, {"promptType", ""}, {"basicAuthUnsupported", false}}, "c");
  EXPECT_EQ(c.scopes, (std::vector<std::string>{"openid", "groups"}));
  EXPECT_EQ(c.prompt_type, "");
  EXPECT_EQ(c.basic_auth_unsupported, false);
  EXPECT_FALSE(c.claims.email_scope);
}

TEST(OidcConfig, EveryKeyDecodes) {
  json j =
      json::parse(R"({"issuer":"https://idp","issuerAlias":"https://alias","clientID":"id","clientSecret":"s",
    "redirectURI":"https://dex/callback","providerDiscoveryOverrides":{"tokenURL":"t","authURL":"a","jwksURL":"j",
    "userInfoURL":"u","deviceAuthURL":"d","endSessionURL":"e"},"insecureSkipEmailVerified":true,
    "insecureEnableGroups":true,"allowedGroups":["g"],"acrValues":["x","y"],"getUserInfo":true,"userIDKey":"oid",
    "userNameKey":"login","promptType":"login","overrideClaimMapping":true,"pkceChallenge":"S256",
    "claimMapping":{"preferred_username":"p","email":"m","groups":"roles"},"insecureSkipVerify":true,
    "claimModifications":{"newGroupFromClaims":[{"claims":["a"],"delimiter":":","clearDelimiter":true,"prefix":"p"}],
    "filterGroupClaims":{"groupsFilter":"^x"},"modifyGroupNames":{"prefix":"<","suffix":">"}}})");
  Config c = parse_config(j, "c");
  EXPECT_EQ(c.issuer_alias, "https://alias");
  EXPECT_EQ(c.overrides.end_session_url, "e");
  EXPECT_EQ(c.acr_values.size(), 2u);
  EXPECT_TRUE(c.get_user_info);
  EXPECT_EQ(c.prompt_type, "login");
  EXPECT_EQ(c.pkce_challenge, "S256");
  EXPECT_EQ(c.claims.groups_key, "roles");
  EXPECT_TRUE(c.claims.groups_filter.has_value());
  EXPECT_EQ(c.claims.group_prefix, "<");
  ASSERT_EQ(c.claims.new_group_from_claims.size(), 1u);
  EXPECT_TRUE(c.claims.new_group_from_claims[0].clear_delimiter);
}

TEST(OidcConfig, RefusesWhatDexRefuses) {
  EXPECT_THROW(parse_config(json{{"hostedDomains", {"example.com"}}}, "c"), base::ConfigError);
  EXPECT_THROW(parse_config(json{{"pkceChallenge", "S512"}}, "c"), base::ConfigError);
  EXPECT_THROW(parse_config(json{{"getUserInfo", "yes"}}, "c"), base::ConfigError);
  // An invalid groupsFilter is only a warning.
  Config c =
      parse_config(json{{"claimModifications", {{"filterGroupClaims", {{"groupsFilter", "("}}}}}}, "c");
  EXPECT_FALSE(c.claims.groups_filter.has_value());
}

TEST(OidcConnectorData, RefreshTokenInDexFormat) {
  EXPECT_EQ(encode_refresh_data("rt-1"), R"({"RefreshToken":"cnQtMQ=="})");
  EXPECT_EQ(encode_refresh_data(""), R"({"RefreshToken":""})");
  EXPECT_EQ(decode_refresh_data(R"({"RefreshToken":"cnQtMQ=="})"), "rt-1");
  EXPECT_EQ(decode_refresh_data(R"({"refreshtoken":"cnQtMQ=="})"), "rt-1");
  EXPECT_EQ(decode_refresh_data(R"({"RefreshToken":null})"), "");
  EXPECT_FALSE(decode_refresh_data("foobar"));
  EXPECT_FALSE(decode_refresh_data(R"({"RefreshToken":"%%"})"));
}

TEST(OidcConnectorData, LoginDataReadsDexPkceData) {
  auto d = decode_login_data(R"({"codeChallenge":"verifier","codeChallengeMethod":"S256"})");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->code_verifier, "verifier");
  EXPECT_EQ(d->nonce, "");
  EXPECT_TRUE(decode_login_data("")->code_verifier.empty());
  auto round = decode_login_data(
      encode_login_data({.code_verifier = "v", .code_challenge_method = "plain", .nonce = "n"}));
  EXPECT_EQ(round->code_challenge_method, "plain");
  EXPECT_EQ(round->nonce, "n");
  EXPECT_FALSE(decode_login_data("[1]"));
}

TEST(OidcDiscovery, ChecksTheIssuerAndReadsTheEndpoints) {
  std::string doc = R"({"issuer":"https://idp/x","authorization_endpoint":"https://idp/auth",
    "token_endpoint":"https://idp/token","jwks_uri":"https://idp/keys","userinfo_endpoint":"https://idp/ui",
    "id_token_signing_alg_values_supported":["HS256","none","ES256"],"code_challenge_methods_supported":["plain","S256"]})";
  auto m = parse_discovery(doc, "https://idp/x", false);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->token_endpoint, "https://idp/token");
  EXPECT_EQ(m->algorithms, std::vector<jose::Algorithm>{jose::Algorithm::kES256});
  EXPECT_EQ(pick_pkce_method("", *m), "S256");
  EXPECT_EQ(pick_pkce_method("plain", *m), "plain");
  auto wrong = parse_discovery(doc, "https://idp/x/", false);
  EXPECT_EQ(wrong.error().message,
            "oidc: issuer did not match the issuer returned by provider, expected \"https://idp/x/\" got "
            "\"https://idp/x\"");
  EXPECT_TRUE(parse_discovery(doc, "https://alias", true));
  EXPECT_FALSE(parse_discovery(R"({"issuer":1})", "1", false));
  EXPECT_FALSE(parse_discovery("[]", "", false));
  auto bare = parse_discovery(R"({"issuer":"i"})", "i", false);
  EXPECT_EQ(bare->algorithms, std::vector<jose::Algorithm>{jose::Algorithm::kRS256});
  EXPECT_EQ(pick_pkce_method("", *bare), "");
  apply_overrides(*m, {.token_url = "https://other/token"});
  EXPECT_EQ(m->token_endpoint, "https://other/token");
  EXPECT_EQ(m->jwks_uri, "https://idp/keys");
  EXPECT_EQ(discovery_url("https://idp/x/"), "https://idp/x/.well-known/openid-configuration");
}

}  // namespace
}  // namespace dexcc::connector::oidc
