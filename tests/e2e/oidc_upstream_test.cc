// End-to-end: the oidc connector against a second dexcc acting as the upstream OpenID provider
// (its password database as the user source): the code flow through both binaries, refresh
// through the upstream, and the upstream's refusals ending in dex's error pages.
#include <gtest/gtest.h>

#include "upstream_helpers.h"

namespace dexcc::testing {
namespace {

using namespace flow;

// The downstream: the client "app" and the oidc connector "upstream" pointing at `issuer`.
std::string downstream_config(const std::string& issuer, const std::string& connector_extra = {}) {
  return "storage:\n  type: sqlite3\n  config:\n    file: {{DIR}}/dex.db\nstaticClients:\n" +
         app_client_yaml() +
         R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: oidc
  id: upstream
  name: Upstream
  config:
    issuer: )" +
         issuer + R"(
    clientID: downstream
    clientSecret: down-secret
    redirectURI: "{{ISSUER}}/callback"
    scopes: [profile, email, offline_access]
)" + connector_extra;
}

class OidcUpstream : public ::testing::Test {
 protected:
  void SetUp() override {
    upstream_ = std::make_unique<DexccInstance>(upstream_dexcc_config());
    ASSERT_TRUE(upstream_->started()) << upstream_->process().output();
  }
  void start_downstream(const std::string& connector_extra = {}) {
    downstream_ = std::make_unique<DexccInstance>(downstream_config(upstream_->issuer(), connector_extra));
    ASSERT_TRUE(downstream_->started()) << downstream_->process().output();
  }

  HttpResult browse(const std::string& start, const std::string& password = "password") {
    return browse_two(*downstream_, *upstream_, start, password);
  }

  std::string start_url(const std::string& scope) {
    return downstream_->path("/auth/upstream") + "?" + auth_query({.scope = scope});
  }

  std::unique_ptr<DexccInstance> upstream_, downstream_;
};

TEST_F(OidcUpstream, CodeFlowThroughTheUpstreamAndRefresh) {
  start_downstream();
  HttpResult r = browse(start_url("openid email profile offline_access"));
  ASSERT_TRUE(is_redirect(r)) << r.status << "\n" << r.body << downstream_->process().output();
  Url back = parse_url(location(r));
  EXPECT_EQ(back.origin + back.path, "http://127.0.0.1:5555/callback");
  EXPECT_EQ(back.query.get("state"), "st-1");
  std::string code(back.query.get("code"));
  ASSERT_FALSE(code.empty()) << location(r);

  TokenReply t = redeem(*downstream_, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  nlohmann::json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["iss"], downstream_->issuer());
  EXPECT_EQ(id["email"], "admin@example.com");
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_EQ(id["name"], "admin");
  // The upstream's subject (its own sub for the password user) under the connector "upstream".
  EXPECT_EQ(id["sub"], subject(upstream_admin_subject(), "upstream"));
  ASSERT_FALSE(t.str("refresh_token").empty());

  // Refresh goes through the upstream (its refresh token, kept in the offline session).
  TokenReply refreshed = refresh(*downstream_, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body << downstream_->process().output();
  EXPECT_EQ(claims_of(refreshed.str("id_token"))["email"], "admin@example.com");
  TokenReply again = refresh(*downstream_, refreshed.str("refresh_token"), {"app", "app-secret"});
  EXPECT_EQ(again.status(), 200) << again.http.body;
}

TEST_F(OidcUpstream, RefreshFailsWhenTheUpstreamRefuses) {
  start_downstream();
  HttpResult r = browse(start_url("openid email offline_access"));
  TokenReply t = redeem(*downstream_, code_of(r), {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  // The upstream goes away and comes back as a new instance: it no longer knows the token.
  upstream_.reset();
  TokenReply refused = refresh(*downstream_, t.str("refresh_token"), {"app", "app-secret"});
  EXPECT_EQ(refused.status(), 500) << refused.http.body;
  EXPECT_TRUE(refused.str("access_token").empty());
  EXPECT_NE(downstream_->process().output().find("oidc: failed to get refresh token"), std::string::npos);
}

TEST_F(OidcUpstream, UpstreamErrorEndsInTheErrorPage) {
  start_downstream();
  // The callback with error=access_denied, as an upstream sends it when the user refuses.
  HttpResult to_upstream = fetch(*downstream_, "GET", start_url("openid email"));
  ASSERT_TRUE(is_redirect(to_upstream));
  std::string state(parse_url(location(to_upstream)).query.get("state"));
  HttpResult r =
      fetch(*downstream_, "GET",
            downstream_->path("/callback") + "?" +
                encode({{"error", "access_denied"}, {"error_description", "no"}, {"state", state}}));
  EXPECT_EQ(r.status, 500);
  EXPECT_TRUE(location(r).empty());
  EXPECT_NE(downstream_->process().output().find("access_denied: no"), std::string::npos);
  // A made-up code: the upstream's token endpoint refuses it.
  to_upstream = fetch(*downstream_, "GET", start_url("openid email"));
  state = std::string(parse_url(location(to_upstream)).query.get("state"));
  r = fetch(*downstream_, "GET",
            downstream_->path("/callback") + "?" + encode({{"code", "bogus"}, {"state", state}}));
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(downstream_->process().output().find("oidc: failed to get token"), std::string::npos);
}

TEST_F(OidcUpstream, TokenExchangeTakesTheUpstreamsIdToken) {
  start_downstream();
  TokenReply upstream_tokens = token(*upstream_, {{"grant_type", "password"},
                                                  {"username", "admin@example.com"},
                                                  {"password", "password"},
                                                  {"scope", "openid email profile"}},
                                     Basic{"downstream", "down-secret"});
  ASSERT_EQ(upstream_tokens.status(), 200) << upstream_tokens.http.body;
  Fields exchange{{"grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"},
                  {"connector_id", "upstream"},
                  {"scope", "openid email"},
                  {"requested_token_type", "urn:ietf:params:oauth:token-type:id_token"},
                  {"subject_token_type", "urn:ietf:params:oauth:token-type:id_token"},
                  {"subject_token", upstream_tokens.str("id_token")}};
  TokenReply t = token(*downstream_, exchange, Basic{"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body << downstream_->process().output();
  nlohmann::json id = claims_of(t.str("access_token"));
  EXPECT_EQ(id["sub"], subject(upstream_admin_subject(), "upstream"));
  EXPECT_EQ(id["email"], "admin@example.com");
  // A token that is not the upstream's is refused.
  exchange.back().second = t.str("access_token");
  expect_oauth_error(token(*downstream_, exchange, Basic{"app", "app-secret"}), 401, "access_denied");
}

TEST_F(OidcUpstream, TokensFromAnotherIssuerAreRefused) {
  // With issuerAlias the discovery check is skipped and ID tokens must carry the alias as iss;
  // the upstream's carry its own issuer, so every login fails at the ID token check.
  std::string config = downstream_config(upstream_->issuer());
  config.replace(config.find("clientID: downstream"), 20,
                 "clientID: downstream\n    issuerAlias: http://evil");
  downstream_ = std::make_unique<DexccInstance>(config);
  ASSERT_TRUE(downstream_->started()) << downstream_->process().output();
  HttpResult r = browse(start_url("openid email"));
  EXPECT_EQ(r.status, 500) << location(r);
  EXPECT_TRUE(location(r).empty());
  EXPECT_NE(downstream_->process().output().find("id token issued by a different provider"),
            std::string::npos);
}

TEST_F(OidcUpstream, UnreachableIssuerAnswers400AndOthersStillWork) {
  std::string config =
      downstream_config("http://127.0.0.1:1/none") + "- type: mockCallback\n  id: mock\n  name: Example\n";
  downstream_ = std::make_unique<DexccInstance>(config);
  ASSERT_TRUE(downstream_->started()) << downstream_->process().output();
  HttpResult r = fetch(*downstream_, "GET", start_url("openid"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(downstream_->process().output().find("failed to get provider"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
