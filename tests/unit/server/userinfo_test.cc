// /userinfo and /token/introspect called through their routes: dex's answers for access and
// refresh tokens, and its errors (reference dex-server.md §4.1-4.2).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.h"
#include "http/form.h"
#include "oauth2/refresh_token.h"
#include "server/tokens/jwt_minter.h"
#include "server/userinfo.h"

namespace dexcc::server::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr char kExt[] =
    R"({"email":"kilgore@kilgore.trout","email_verified":true,"groups":["authors","sci-fi"],"name":"Kilgore Trout","preferred_username":"kilgore")";

class UserinfoTest : public ::testing::Test {
 protected:
  void SetUp() override { build({}); }

  void build(grants::RefreshPolicy policy) {
    store_ = storage::with_static_clients(
        storage::memory::open(),
        {storage::Client{.id = "app", .secret = "s", .name = "The App"},
         storage::Client{.id = "peer", .secret = "p", .trusted_peers = {"app"}, .name = "Peer"}});
    store_ = storage::with_static_connectors(std::move(store_),
                                             {storage::Connector{.id = "local", .type = "mockCallback", .name = "Mock"}});
    manager_ = std::make_unique<connector::Manager>(connector::Registry::builtin(), *store_,
                                                    connector::OpenContext{.clock = &clock_});
    minter_ = std::make_unique<tokens::JwtMinter>(kTestIssuer, signer_, *store_, clock_, 24h);
    info_ = std::make_unique<TokenInfo>(kTestIssuer, verifier_, *store_, *store_, clock_, policy);
    router_ = std::make_unique<http::Router>("/dex");
    info_->mount(*router_);
  }

  std::string access_token(std::vector<std::string> scopes = {"openid", "email", "profile", "groups"},
                           std::string client = "app") {
    auto minted = minter_->access_token(test_subject(std::move(scopes), std::move(client)));
    EXPECT_TRUE(minted);
    return minted ? minted->token : std::string();
  }
  // A refresh token as the code grant stores it, created an hour ago; returns the wire form.
  std::string refresh_token(std::vector<std::string> scopes = {"openid", "email", "offline_access"}) {
    storage::RefreshToken t{.id = "rt-id",
                            .token = "rt-secret",
                            .created_at = clock_.now() - 1h,
                            .last_used = clock_.now() - 1h,
                            .client_id = "app",
                            .connector_id = "local",
                            .claims = test_subject({}).claims,
                            .scopes = std::move(scopes)};
    EXPECT_TRUE(store_->create_refresh_token(t));
    return oauth2::encode_refresh_token(t.id, t.token);
  }

  http::Response userinfo(std::string_view authorization) {
    http::Request r;
    r.method = "GET";
    r.path = r.target = "/dex/userinfo";
    if (!authorization.empty()) r.headers.set("Authorization", authorization);
    return route(*router_, r);
  }
  http::Response introspect(const std::string& body, const std::string& method = "POST",
                            const std::string& content_type = "application/x-www-form-urlencoded") {
    http::Request r;
    r.method = method;
    r.path = r.target = "/dex/token/introspect";
    r.body = body;
    if (!content_type.empty()) r.headers.set("Content-Type", content_type);
    return route(*router_, r);
  }
  http::Response introspect_token(const std::string& token) { return introspect("token=" + http::query_escape(token)); }

  static void expect_error(const http::Response& r, int status, const std::string& code, const std::string& description) {
    EXPECT_EQ(r.status, status) << r.body;
    json body = json::parse(r.body, nullptr, false);
    EXPECT_EQ(body["error"], code) << r.body;
    if (!description.empty()) {
      EXPECT_EQ(body["error_description"], description) << r.body;
    }
  }
  static void expect_inactive(const http::Response& r) {
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"active\":false}\n");
    EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
    EXPECT_EQ(r.headers.get("Cache-Control"), "no-store");
    EXPECT_EQ(r.headers.get("Pragma"), "no-cache");
  }

  base::FakeClock clock_{base::Time(std::chrono::seconds(1700000000))};
  FixedSigner signer_;
  tokens::TokenVerifier verifier_{kTestIssuer, signer_, clock_};
  std::unique_ptr<storage::Storage> store_;
  std::unique_ptr<connector::Manager> manager_;
  std::unique_ptr<tokens::JwtMinter> minter_;
  std::unique_ptr<TokenInfo> info_;
  std::unique_ptr<http::Router> router_;
};

TEST_F(UserinfoTest, AnswersTheTokensOwnClaimsVerbatim) {
  std::string token = access_token();
  http::Response r = userinfo("Bearer " + token);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  std::string payload_text = *minter_->claims_json(test_subject({"openid", "email", "profile", "groups"}), "", "",
                                                   clock_.now(), clock_.now() + 24h);
  json expected = json::parse(payload_text);
  json got = json::parse(r.body);
  expected.erase("at_hash");  // random in an access token
  got.erase("at_hash");
  EXPECT_EQ(got, expected);
  // Byte for byte the signed payload: the same text the JWS carries.
  EXPECT_EQ(r.body, verifier_.verify(token)->payload);

  // The prefix is case-insensitive, and an ID token works as well as an access token.
  EXPECT_EQ(userinfo("bEARER " + token).status, 200);
  auto id_token = minter_->id_token(test_subject({"openid"}), "", "");
  EXPECT_EQ(userinfo("Bearer " + id_token->token).status, 200);
}

TEST_F(UserinfoTest, MissingBearerIs401WithChallenge) {
  for (const std::string auth : {"", "Basic YXBwOnM=", "Bearer", "BearerXabc", "Token abc"}) {
    http::Response r = userinfo(auth);
    expect_error(r, 401, "access_denied", "Invalid bearer token.");
    EXPECT_EQ(r.headers.get("WWW-Authenticate"), "Bearer") << auth;
  }
}

TEST_F(UserinfoTest, BadTokenIs403WithoutChallenge) {
  std::string good = access_token();
  FixedSigner foreign(jose::Algorithm::kES256);
  tokens::JwtMinter impostor(kTestIssuer, foreign, *store_, clock_, 24h);
  tokens::JwtMinter elsewhere("https://other.example", signer_, *store_, clock_, 24h);
  const std::vector<std::string> bad = {
      "Bearer ",
      "Bearer not-a-jwt",
      "Bearer " + good + "x",
      "Bearer " + impostor.access_token(test_subject({"openid"}))->token,
      "Bearer " + elsewhere.access_token(test_subject({"openid"}))->token,
  };
  for (const auto& auth : bad) {
    http::Response r = userinfo(auth);
    expect_error(r, 403, "access_denied", "Invalid bearer token.");
    EXPECT_FALSE(r.headers.has("WWW-Authenticate")) << auth;
  }
  clock_.advance(24h + 1s);
  expect_error(userinfo("Bearer " + good), 403, "access_denied", "Invalid bearer token.");
}

TEST_F(UserinfoTest, IntrospectionRequestErrors) {
  expect_error(introspect("token=x", "GET"), 400, "invalid_request", "HTTP method is \"GET\", expected \"POST\".");
  expect_error(introspect("token=%zz"), 400, "invalid_request",
               "Unable to parse HTTP body, make sure to send a properly formatted form request body.");
  expect_error(introspect(""), 400, "invalid_request", "The POST body can not be empty.");
  // Go's ParseForm reads no body without the form content type.
  expect_error(introspect("token=x", "POST", "text/plain"), 400, "invalid_request", "The POST body can not be empty.");
  expect_error(introspect("token_type_hint=access_token"), 400, "invalid_request",
               "The POST body doesn't contain 'token' parameter.");
  expect_error(introspect("token=x" + padding_parameters(http::kMaxParameters)), 400, "invalid_request",
               http::kTooManyParameters);
  expect_inactive(introspect("token=x" + padding_parameters(http::kMaxParameters - 1)));
}

TEST_F(UserinfoTest, IntrospectsAnAccessToken) {
  std::string token = access_token({"openid", "email", "profile", "groups", "federated:id"});
  http::Response r = introspect_token(token);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(r.body, std::string(R"({"active":true,"client_id":"app","sub":")") + kTestSub +
                        R"(","exp":1700086400,"iat":1700000000,"nbf":1700000000,"username":"kilgore","aud":"app",)"
                        R"("iss":"https://dex.example/dex","token_type":"Bearer","token_use":"access_token","ext":)" +
                        kExt + R"(,"federated_claims":{"connector_id":"local","user_id":")" + kTestUser + R"("}}})");
  // The hint is only a hint.
  EXPECT_EQ(introspect("token=" + token + "&token_type_hint=refresh_token").body, r.body);
}

TEST_F(UserinfoTest, IntrospectsACrossClientAccessTokenAsItsAuthorizedParty) {
  json body = json::parse(introspect_token(access_token({"openid", "audience:server:client_id:peer"})).body);
  EXPECT_EQ(body["client_id"], "app");
  EXPECT_EQ(body["aud"], (json{"peer", "app"}));
  // Only what the token carries: no username, ext with azp alone.
  EXPECT_FALSE(body.contains("username"));
  EXPECT_EQ(body["ext"], (json{{"azp", "app"}}));
}

TEST_F(UserinfoTest, InactiveAccessTokens) {
  std::string good = access_token();
  FixedSigner foreign(jose::Algorithm::kES256);
  tokens::JwtMinter impostor(kTestIssuer, foreign, *store_, clock_, 24h);
  expect_inactive(introspect_token(impostor.access_token(test_subject({"openid"}))->token));
  tokens::JwtMinter elsewhere("https://other.example", signer_, *store_, clock_, 24h);
  expect_inactive(introspect_token(elsewhere.access_token(test_subject({"openid"}))->token));
  clock_.advance(24h + 1s);
  expect_inactive(introspect_token(good));
}

TEST_F(UserinfoTest, AccessTokenOfAClientThatIsGoneIsAServerError) {
  std::string token = access_token({"openid"}, "deleted-client");
  expect_error(introspect_token(token), 500, "server_error", "");
}

TEST_F(UserinfoTest, IntrospectsARefreshToken) {
  std::string wire = refresh_token();
  long long created = 1700000000 - 3600;
  http::Response r = introspect_token(wire);
  EXPECT_EQ(r.status, 200);
  // Without an absolute lifetime dex reports exp = iat.
  EXPECT_EQ(r.body, std::string(R"({"active":true,"client_id":"app","sub":")") + kTestSub + R"(","exp":)" +
                        std::to_string(created) + R"(,"iat":)" + std::to_string(created) + R"(,"nbf":)" +
                        std::to_string(created) +
                        R"(,"username":"kilgore","aud":"app","iss":"https://dex.example/dex","token_type":"Bearer",)"
                        R"("token_use":"refresh_token","ext":)" +
                        kExt + "}}");
  EXPECT_EQ(r.headers.get("Cache-Control"), "no-store");
}

TEST_F(UserinfoTest, RefreshTokenAudienceIsItsClientOnly) {
  // dex resolves no scopes at introspection, so cross-client scopes do not show in aud.
  json body = json::parse(introspect_token(refresh_token({"openid", "audience:server:client_id:peer"})).body);
  EXPECT_EQ(body["aud"], "app");
  EXPECT_EQ(body["client_id"], "app");
}

TEST_F(UserinfoTest, RefreshTokenLifetimes) {
  build(grants::RefreshPolicy{.absolute_lifetime = 48h, .valid_if_not_used_for = 2h});
  std::string wire = refresh_token();
  json body = json::parse(introspect_token(wire).body);
  EXPECT_EQ(body["exp"], 1700000000 - 3600 + 48 * 3600);
  // Unused for longer than validIfNotUsedFor.
  clock_.advance(1h + 1s);
  expect_inactive(introspect_token(wire));

  build(grants::RefreshPolicy{.absolute_lifetime = 2h});
  wire = refresh_token();
  // Created an hour ago: a second past its other hour it is gone.
  EXPECT_EQ(introspect_token(wire).status, 200);
  clock_.advance(1h + 1s);
  expect_inactive(introspect_token(wire));
}

TEST_F(UserinfoTest, InactiveRefreshTokens) {
  refresh_token();
  expect_inactive(introspect_token(oauth2::encode_refresh_token("rt-id", "wrong-secret")));
  expect_inactive(introspect_token(oauth2::encode_refresh_token("no-such-id", "rt-secret")));
  // A legacy bare ID has an empty secret, which never matches a stored one.
  expect_inactive(introspect_token("rt-id"));
  expect_inactive(introspect_token("garbage!"));
}

TEST_F(UserinfoTest, RoutesAllowCors) {
  http::Request r;
  r.path = "/dex/userinfo";
  const http::Route* u = router_->match(r);
  ASSERT_NE(u, nullptr);
  EXPECT_TRUE(u->options.cors);
  r.path = "/dex/token/introspect";
  const http::Route* i = router_->match(r);
  ASSERT_NE(i, nullptr);
  EXPECT_TRUE(i->options.cors);
}

}  // namespace
}  // namespace dexcc::server::testing
