// /.well-known/openid-configuration and /keys: dex's fields, values and order byte for byte
// (reference dex-server.md §1.6-1.7), issuers with and without a path, headers, caching.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.h"
#include "server/discovery.h"

namespace dexcc::server::testing {
namespace {

using nlohmann::json;

// What serve.go fills oauth2.grantTypes with when the config leaves it empty.
const std::vector<std::string> kDefaultGrants = {"authorization_code",
                                                 "implicit",
                                                 "password",
                                                 "refresh_token",
                                                 "urn:ietf:params:oauth:grant-type:device_code",
                                                 "urn:ietf:params:oauth:grant-type:token-exchange"};

DiscoveryOptions default_options() {
  return DiscoveryOptions{.grant_types = supported_grant_types(kDefaultGrants, {"code"}, false),
                          .response_types = {"code"},
                          .pkce_methods = {"S256", "plain"}};
}

class DiscoveryTest : public ::testing::Test {
 protected:
  http::Response get(const Discovery& d, const std::string& mount, const std::string& path) {
    http::Router router(mount);
    d.mount(router);
    http::Request req;
    req.method = "GET";
    req.path = path;
    req.target = path;
    return route(router, req);
  }

  FixedSigner signer_;
  Issuer issuer_ = *Issuer::parse("https://dex.example/dex");
};

// dex v2.45.1's default document, as json.MarshalIndent writes it.
TEST_F(DiscoveryTest, DefaultDocumentIsDexsBytes) {
  Discovery d(issuer_, default_options(), signer_);
  EXPECT_EQ(*d.document(), R"({
  "issuer": "https://dex.example/dex",
  "authorization_endpoint": "https://dex.example/dex/auth",
  "token_endpoint": "https://dex.example/dex/token",
  "jwks_uri": "https://dex.example/dex/keys",
  "userinfo_endpoint": "https://dex.example/dex/userinfo",
  "device_authorization_endpoint": "https://dex.example/dex/device/code",
  "introspection_endpoint": "https://dex.example/dex/token/introspect",
  "grant_types_supported": [
    "authorization_code",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:device_code",
    "urn:ietf:params:oauth:grant-type:token-exchange"
  ],
  "response_types_supported": [
    "code"
  ],
  "subject_types_supported": [
    "public"
  ],
  "id_token_signing_alg_values_supported": [
    "RS256"
  ],
  "code_challenge_methods_supported": [
    "S256",
    "plain"
  ],
  "scopes_supported": [
    "openid",
    "email",
    "groups",
    "profile",
    "offline_access"
  ],
  "token_endpoint_auth_methods_supported": [
    "client_secret_basic",
    "client_secret_post"
  ],
  "claims_supported": [
    "iss",
    "sub",
    "aud",
    "iat",
    "exp",
    "email",
    "email_verified",
    "locale",
    "name",
    "preferred_username",
    "at_hash"
  ]
})");
}

TEST_F(DiscoveryTest, EndpointsFollowTheIssuerPath) {
  struct Case {
    std::string issuer;
    std::string auth;
    std::string introspect;
  };
  const std::vector<Case> cases = {
      {"https://dex.example", "https://dex.example/auth", "https://dex.example/token/introspect"},
      // The issuer keeps its trailing slash; the endpoints are path.Join'ed without it.
      {"https://dex.example/", "https://dex.example/auth", "https://dex.example/token/introspect"},
      {"https://dex.example/dex/", "https://dex.example/dex/auth", "https://dex.example/dex/token/introspect"},
      {"http://127.0.0.1:5556/a/b", "http://127.0.0.1:5556/a/b/auth", "http://127.0.0.1:5556/a/b/token/introspect"},
  };
  for (const auto& c : cases) {
    Issuer issuer = *Issuer::parse(c.issuer);
    Discovery d(issuer, default_options(), signer_);
    json doc = json::parse(*d.document());
    EXPECT_EQ(doc["issuer"], c.issuer);
    EXPECT_EQ(doc["authorization_endpoint"], c.auth) << c.issuer;
    EXPECT_EQ(doc["introspection_endpoint"], c.introspect) << c.issuer;
    std::string base = c.auth.substr(0, c.auth.size() - 5);
    EXPECT_EQ(doc["token_endpoint"], base + "/token");
    EXPECT_EQ(doc["jwks_uri"], base + "/keys");
    EXPECT_EQ(doc["userinfo_endpoint"], base + "/userinfo");
    EXPECT_EQ(doc["device_authorization_endpoint"], base + "/device/code");
  }
}

TEST_F(DiscoveryTest, ConfiguredListsAreServedAsDexServesThem) {
  // Response types sorted; PKCE methods verbatim, in configured order.
  Discovery d(issuer_,
              DiscoveryOptions{.grant_types = {"authorization_code"},
                               .response_types = {"token", "code", "id_token"},
                               .pkce_methods = {"S256"}},
              signer_);
  json doc = json::parse(*d.document());
  EXPECT_EQ(doc["response_types_supported"], (json{"code", "id_token", "token"}));
  EXPECT_EQ(doc["code_challenge_methods_supported"], (json{"S256"}));
  EXPECT_EQ(doc["grant_types_supported"], (json{"authorization_code"}));
  // Fields dex v2.45.1 does not have.
  EXPECT_FALSE(doc.contains("end_session_endpoint"));
  EXPECT_FALSE(doc.contains("backchannel_logout_supported"));
}

TEST_F(DiscoveryTest, GrantTypesSupported) {
  using V = std::vector<std::string>;
  const V defaults4 = {"authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code",
                       "urn:ietf:params:oauth:grant-type:token-exchange"};
  EXPECT_EQ(supported_grant_types(kDefaultGrants, {"code"}, false), defaults4);
  // implicit with a response type that issues an access token from /auth, not for id_token alone.
  V with_implicit = {"authorization_code", "implicit", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code",
                     "urn:ietf:params:oauth:grant-type:token-exchange"};
  EXPECT_EQ(supported_grant_types(kDefaultGrants, {"code", "token"}, false), with_implicit);
  EXPECT_EQ(supported_grant_types(kDefaultGrants, {"code", "id_token token"}, false), with_implicit);
  EXPECT_EQ(supported_grant_types(kDefaultGrants, {"code token"}, false), with_implicit);
  EXPECT_EQ(supported_grant_types(kDefaultGrants, {"code", "id_token", "code id_token"}, false), defaults4);
  // password only with oauth2.passwordConnector.
  V with_password = {"authorization_code", "password", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code",
                     "urn:ietf:params:oauth:grant-type:token-exchange"};
  EXPECT_EQ(supported_grant_types(kDefaultGrants, {"code"}, true), with_password);
  // Only what is configured and possible, sorted, each once.
  EXPECT_EQ(supported_grant_types({"refresh_token", "authorization_code", "refresh_token", "password", "bogus"}, {"code"},
                                  false),
            (V{"authorization_code", "refresh_token"}));
  // client_credentials when listed explicitly (newer dex).
  EXPECT_EQ(supported_grant_types({"client_credentials", "authorization_code"}, {"code"}, false),
            (V{"authorization_code", "client_credentials"}));
}

TEST_F(DiscoveryTest, SigningAlgorithmFollowsTheSignerAndIsCachedPerAlgorithm) {
  Discovery d(issuer_, default_options(), signer_);
  auto first = d.document();
  EXPECT_EQ(d.document(), first) << "built once, not per request";
  EXPECT_EQ(json::parse(*first)["id_token_signing_alg_values_supported"], (json{"RS256"}));

  signer_.use(jose::Algorithm::kES256);
  auto ec = d.document();
  EXPECT_NE(ec, first);
  EXPECT_EQ(json::parse(*ec)["id_token_signing_alg_values_supported"], (json{"ES256"}));
  EXPECT_EQ(d.document(), ec);

  // Before the first key exists the signer reports its configured algorithm (RS256 here).
  signer_.clear();
  EXPECT_EQ(json::parse(*d.document())["id_token_signing_alg_values_supported"], (json{"RS256"}));
}

TEST_F(DiscoveryTest, DiscoveryRoute) {
  Discovery d(issuer_, default_options(), signer_);
  http::Response r = get(d, "/dex", "/dex/.well-known/openid-configuration");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, *d.document());
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  EXPECT_FALSE(r.headers.has("Cache-Control"));
  // Without an issuer path the routes sit at the root.
  Issuer root = *Issuer::parse("https://dex.example");
  Discovery at_root(root, default_options(), signer_);
  EXPECT_EQ(get(at_root, "", "/.well-known/openid-configuration").status, 200);
  EXPECT_EQ(get(at_root, "", "/keys").status, 200);
  EXPECT_EQ(get(d, "/dex", "/.well-known/openid-configuration").status, 404);
}

TEST_F(DiscoveryTest, KeysRoute) {
  Discovery d(issuer_, default_options(), signer_);
  http::Response r = get(d, "/dex", "/dex/keys");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, signer_.key_set()->jwks_json);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(r.headers.get("Cache-Control"), "max-age=600, must-revalidate");
  json keys = json::parse(r.body)["keys"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["kid"], "rsa-test-key");
  EXPECT_FALSE(keys[0].contains("d"));

  // A key change shows at once: the handler serves the signer's current set.
  signer_.use(jose::Algorithm::kES256);
  EXPECT_EQ(json::parse(get(d, "/dex", "/dex/keys").body)["keys"][0]["kid"], "ec-test-key");
}

TEST_F(DiscoveryTest, KeysWithoutAnyKeyIsDexsHtml500) {
  Discovery d(issuer_, default_options(), signer_);
  signer_.clear();
  http::Response r = get(d, "/dex", "/dex/keys");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Internal server error."), std::string::npos);
  EXPECT_FALSE(r.headers.has("Cache-Control"));
}

}  // namespace
}  // namespace dexcc::server::testing
