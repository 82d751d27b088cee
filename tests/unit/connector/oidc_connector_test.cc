// The oidc connector opened from its config against a fake provider: the authorization URL it
// builds (scopes, acr_values, prompt, PKCE, nonce) and the ConnectorData it keeps and reads back.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "connector/oidc/connector_data.h"
#include "connector/registry.h"
#include "http/form.h"
#include "oauth2/pkce.h"
#include "support/fake_upstream.h"

namespace dexcc::connector {
namespace {

using nlohmann::json;

class OidcConnectorTest : public ::testing::Test {
 protected:
  OidcConnectorTest() : provider_([this](const testing::ReceivedRequest& r) { return answer(r); }) {}

  testing::FakeResponse answer(const testing::ReceivedRequest& r) {
    std::string path = r.target.substr(0, r.target.find('?'));
    if (path == "/.well-known/openid-configuration") {
      json doc{{"issuer", provider_.url("")},
               {"authorization_endpoint", provider_.url("/auth?tenant=1")},
               {"token_endpoint", provider_.url("/token")},
               {"jwks_uri", provider_.url("/keys")},
               {"code_challenge_methods_supported", methods_}};
      return {.headers = {{"Content-Type", "application/json"}}, .body = doc.dump()};
    }
    if (path == "/token") {
      token_requests_.push_back(r.body);
      return {.status = 400,
              .headers = {{"Content-Type", "application/json"}},
              .body = R"({"error":"invalid_grant"})"};
    }
    return {.status = 404};
  }

  std::unique_ptr<Connector> open(json config) {
    config["issuer"] = provider_.url("");
    config["clientID"] = "dexcc";
    config["redirectURI"] = "https://dex.example/callback";
    auto c = Registry::builtin().open("oidc", config.dump(), {.id = "up"});
    EXPECT_TRUE(c) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  // The authorization URL's query and the connector data, for `scopes`.
  std::pair<http::Values, std::string> login(Connector& c, Scopes scopes = {}) {
    auto r = c.capabilities().callback->login_url(scopes, "https://dex.example/callback", "state-1");
    EXPECT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->url.starts_with(provider_.url("/auth?tenant=1&"))) << r->url;
    return {http::parse_query(r->url.substr(r->url.find('&') + 1)).values, r->connector_data};
  }

  json methods_ = json::array({"plain", "S256"});
  std::vector<std::string> token_requests_;
  testing::FakeUpstream provider_;
};

TEST_F(OidcConnectorTest, AuthorizationUrlAsDexBuildsIt) {
  auto c = open({{"acrValues", {"gold", "silver"}}, {"scopes", {"email", "groups"}}});
  auto [q, data] = login(*c);
  EXPECT_EQ(q.get("client_id"), "dexcc");
  EXPECT_EQ(q.get("redirect_uri"), "https://dex.example/callback");
  EXPECT_EQ(q.get("response_type"), "code");
  EXPECT_EQ(q.get("scope"), "openid email groups");
  EXPECT_EQ(q.get("state"), "state-1");
  EXPECT_EQ(q.get("acr_values"), "gold silver");
  EXPECT_FALSE(q.has("prompt"));
  EXPECT_FALSE(q.has("access_type"));
  // PKCE picked from discovery (S256 preferred); the verifier is kept in dex's member names.
  auto login_data = oidc::decode_login_data(data);
  ASSERT_TRUE(login_data);
  EXPECT_EQ(q.get("code_challenge_method"), "S256");
  EXPECT_EQ(q.get("code_challenge"), oauth2::pkce_challenge(login_data->code_verifier, "S256"));
  EXPECT_EQ(json::parse(data)["codeChallengeMethod"], "S256");
  EXPECT_EQ(q.get("nonce"), login_data->nonce);
  EXPECT_FALSE(login_data->nonce.empty());
}

TEST_F(OidcConnectorTest, OfflineAccessSendsPromptAndAccessType) {
  auto [q, data] = login(*open({}), {.offline_access = true});
  EXPECT_EQ(q.get("prompt"), "consent");
  EXPECT_EQ(q.get("access_type"), "offline");
  auto [q2, data2] = login(*open({{"promptType", ""}}), {.offline_access = true});
  ASSERT_TRUE(q2.has("prompt"));
  EXPECT_EQ(q2.get("prompt"), "");
}

TEST_F(OidcConnectorTest, PlainPkceSendsAChallengeAndNoPkceWithoutSupport) {
  auto [q, data] = login(*open({{"pkceChallenge", "plain"}}));
  EXPECT_EQ(q.get("code_challenge_method"), "plain");
  EXPECT_EQ(q.get("code_challenge"), oidc::decode_login_data(data)->code_verifier);
  methods_ = json::array();
  auto [q2, data2] = login(*open({}));
  EXPECT_FALSE(q2.has("code_challenge"));
  EXPECT_FALSE(json::parse(data2).contains("codeChallenge"));
}

TEST_F(OidcConnectorTest, RedirectUriMustBeTheCallback) {
  auto c = open({});
  auto r = c->capabilities().callback->login_url({}, "https://other/callback", "s");
  ASSERT_FALSE(r);
  EXPECT_EQ(
      r.error().message,
      R"(expected callback URL "https://other/callback" did not match the URL in the config "https://dex.example/callback")");
}

TEST_F(OidcConnectorTest, RefreshReadsDexConnectorDataAndReportsTheRefusal) {
  auto c = open({{"basicAuthUnsupported", true}, {"clientSecret", "s3"}});
  Identity id;
  id.connector_data = R"({"RefreshToken":")" + base::base64_encode("upstream-rt") + R"("})";
  auto r = c->capabilities().refresh->refresh({}, id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, R"(oidc: failed to get refresh token: oauth2: "invalid_grant")");
  ASSERT_EQ(token_requests_.size(), 1u);  // secret in the body: no second attempt
  auto body = http::parse_query(token_requests_[0]).values;
  EXPECT_EQ(body.get("grant_type"), "refresh_token");
  EXPECT_EQ(body.get("refresh_token"), "upstream-rt");
  EXPECT_EQ(body.get("client_secret"), "s3");
  id.connector_data = "";
  EXPECT_EQ(c->capabilities().refresh->refresh({}, id).error().message,
            "oidc: failed to unmarshal connector data");
}

TEST_F(OidcConnectorTest, CallbackErrorsAndUnreachableIssuer) {
  auto c = open({});
  http::Request req;
  req.query = "error=access_denied&error_description=nope&state=x";
  EXPECT_EQ(c->capabilities().callback->handle_callback({}, "", req).error().message, "access_denied: nope");
  auto closed = Registry::builtin().open("oidc", R"({"issuer":"http://127.0.0.1:1"})", {.id = "x"});
  ASSERT_FALSE(closed);
  EXPECT_NE(closed.error().message.find("failed to get provider"), std::string::npos);
  auto hosted = Registry::builtin().open("oidc", R"({"hostedDomains":["example.com"]})", {.id = "x"});
  EXPECT_NE(hosted.error().message.find("hostedDomains"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::connector
