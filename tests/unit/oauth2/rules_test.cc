// Table-driven tests for dex's authorization-request rules: scopes, response types, redirect URIs,
// PKCE and error rendering.
#include <gtest/gtest.h>

#include "oauth2/error.h"
#include "oauth2/pkce.h"
#include "oauth2/redirect_uri.h"
#include "oauth2/response_types.h"
#include "oauth2/scopes.h"

namespace dexcc::oauth2 {
namespace {

TEST(Scopes, SplitsLikeStringsFields) {
  EXPECT_EQ(split_fields("  openid\temail  profile\n"), (std::vector<std::string>{"openid", "email", "profile"}));
  EXPECT_TRUE(split_fields("   ").empty());
}

TEST(Scopes, Classifies) {
  auto c = classify_scopes({"openid", "email", "bogus", "audience:server:client_id:peer", "groups", "x y"});
  EXPECT_TRUE(c.has_openid);
  EXPECT_EQ(c.unrecognized, (std::vector<std::string>{"bogus", "x y"}));
  EXPECT_EQ(c.peers, std::vector<std::string>{"peer"});
  EXPECT_FALSE(classify_scopes({"email"}).has_openid);
}

TEST(Scopes, GoQuoting) {
  EXPECT_EQ(go_quote_list({"a", "b\"c", "d\\e", "\n"}), R"(["a" "b\"c" "d\\e" "\n"])");
  EXPECT_EQ(go_quote_list({}), "[]");
}

struct ResponseTypeCase {
  std::vector<std::string> requested;
  bool nonce;
  bool oob;
  std::string code;  // empty: valid
  std::string description;
};

TEST(ResponseTypes, DexValidationOrder) {
  std::set<std::string> configured{"code", "token", "id_token"};
  const ResponseTypeCase cases[] = {
      {{"code"}, false, false, "", ""},
      {{"code", "id_token"}, false, false, "", ""},
      {{"id_token", "token"}, true, false, "", ""},
      {{"id_token"}, true, false, "", ""},
      {{"codes"}, false, false, "invalid_request", "Invalid response type \"codes\""},
      {{}, false, false, "invalid_request", "No response_type provided"},
      {{"token"}, true, false, "invalid_request",
       "Response type 'token' must be provided with type 'id_token' and/or 'code'"},
      {{"id_token"}, false, false, "invalid_request", "Response type 'token' requires a 'nonce' value."},
      {{"code", "token"}, false, true, "invalid_request",
       "Cannot use response type 'token' with redirect_uri 'urn:ietf:wg:oauth:2.0:oob'."},
  };
  for (const auto& c : cases) {
    auto r = validate_response_types(c.requested, configured, c.nonce, c.oob);
    if (c.code.empty()) {
      EXPECT_TRUE(r) << r.error().description;
    } else {
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, c.code);
      EXPECT_EQ(r.error().description, c.description);
    }
  }
}

TEST(ResponseTypes, CheckedPerTokenAgainstConfiguredStrings) {
  // "code id_token" in the config does not enable the hybrid request: dex looks up each token.
  auto r = validate_response_types({"code", "id_token"}, {"code id_token"}, true, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "unsupported_response_type");
  EXPECT_EQ(r.error().description, "Unsupported response type \"code\"");
}

TEST(RedirectUri, Rules) {
  std::vector<std::string> none;
  std::vector<std::string> some{"https://app.example/cb"};
  EXPECT_TRUE(redirect_uri_allowed(some, false, "https://app.example/cb"));
  EXPECT_FALSE(redirect_uri_allowed(some, false, "https://app.example/cb/"));
  EXPECT_FALSE(redirect_uri_allowed(some, false, "HTTPS://app.example/cb"));
  EXPECT_TRUE(redirect_uri_allowed(some, true, "https://app.example/cb"));
  EXPECT_FALSE(redirect_uri_allowed(some, true, "http://localhost:8000/cb"));  // public but has URIs
  EXPECT_FALSE(redirect_uri_allowed(none, false, "http://localhost:8000/cb"));  // confidential
  const std::pair<const char*, bool> public_cases[] = {
      {"urn:ietf:wg:oauth:2.0:oob", true},
      {"/device/callback", true},
      {"http://localhost", true},
      {"http://localhost:8000/cb?x=1", true},
      {"http://127.0.0.1:5555/callback", true},
      {"http://127.1.2.3/x", true},
      {"http://[::1]:8080/cb", true},
      {"http://[::1]/cb", false},  // Go's SplitHostPort quirk
      {"https://localhost/cb", false},
      {"http://localhost.evil.com/cb", false},
      {"http://10.0.0.1/cb", false},
      {"http://evil@127.0.0.1/cb", false},  // dex allows userinfo here; dexcc refuses it (compatibility.md)
      {"ftp://localhost/", false},
      {"/other/path", false},
  };
  for (auto [uri, want] : public_cases) EXPECT_EQ(redirect_uri_allowed(none, true, uri), want) << uri;
}

TEST(Pkce, Rfc7636AppendixB) {
  EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "S256"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_TRUE(pkce_verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                          "S256"));
  EXPECT_FALSE(pkce_verify("wrong", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256"));
  EXPECT_TRUE(pkce_verify("abc", "abc", "plain"));
  EXPECT_TRUE(pkce_method_supported("S256"));
  EXPECT_TRUE(pkce_method_supported("plain"));
  EXPECT_FALSE(pkce_method_supported("s256"));
  EXPECT_FALSE(pkce_method_supported(""));
}

TEST(Error, JsonOmitsEmptyDescription) {
  EXPECT_EQ(invalid_grant("Invalid code_verifier.").to_json(),
            R"({"error":"invalid_grant","error_description":"Invalid code_verifier."})");
  EXPECT_EQ(server_error("db down").to_json(), R"({"error":"server_error"})");
  EXPECT_EQ(invalid_client("x").status, 401);
}

}  // namespace
}  // namespace dexcc::oauth2
