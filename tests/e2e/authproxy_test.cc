// End-to-end: the authproxy connector of the real binary, with the headers an authenticating proxy
// would set: /auth/{id} sends the browser to /callback/{id}, which trusts the headers; the shared
// /callback strips every X-Remote-* header so they cannot be forged there.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "flow_helpers.h"
#include "support/authenticating_proxy.h"

namespace dexcc::testing {
namespace {

using namespace flow;

class AuthProxyE2E : public ::testing::Test {
 protected:
  AuthProxyE2E()
      : dex_("storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() + R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: authproxy
  id: proxy
  name: Proxy
  config:
    staticGroups: [static]
- type: authproxy
  id: custom
  name: Custom
  config:
    userHeader: X-Forwarded-User
    emailHeader: X-Forwarded-Email
    groupHeader: X-Forwarded-Groups
    groupHeaderSeparator: ";"
)") {}

  void SetUp() override { ASSERT_TRUE(dex_.started()) << dex_.process().output(); }

  // /auth/{connector} for a new request: the URL of the connector's own callback.
  std::string callback_url(const std::string& connector, const AuthParams& p) {
    HttpResult r = fetch(dex_, "GET", dex_.path("/auth/" + connector) + "?" + auth_query(p));
    EXPECT_EQ(r.status, 302) << r.body;
    Url u = parse_url(location(r));
    EXPECT_EQ(u.origin + u.path, dex_.issuer() + "/callback/" + connector);
    EXPECT_FALSE(u.query.get("state").empty());
    return location(r);
  }

  // The ID token of the code in `done` (redeemed by "app"); refresh token presence in `refresh`.
  nlohmann::json redeemed_claims(const HttpResult& done, std::string* refresh = nullptr) {
    std::string code = code_of(done);
    EXPECT_FALSE(code.empty()) << done.status << done.body;
    TokenReply t = redeem(dex_, code, {"app", "app-secret"});
    EXPECT_EQ(t.status(), 200) << t.http.body;
    if (refresh) *refresh = t.str("refresh_token");
    return claims_of(t.str("id_token"));
  }

  DexccInstance dex_;
};

constexpr char kJaneHeaders[] =
    "X-Remote-User: jane\r\nX-Remote-User-Id: u-42\r\nX-Remote-User-Name: Jane Doe\r\n"
    "X-Remote-User-Email: jane@example.com\r\nX-Remote-Group: admins, dev\r\n";

TEST_F(AuthProxyE2E, TrustsTheDefaultHeadersOnItsOwnCallback) {
  AuthParams p{.scope = "openid email profile groups offline_access"};
  std::string url = callback_url("proxy", p);

  // Without the proxy's headers there is nobody to log in.
  HttpResult bare = fetch(dex_, "GET", url);
  EXPECT_EQ(bare.status, 500);
  EXPECT_EQ(error_text(bare.body),
            "Authentication failed. Please contact your administrator or try again later.");

  // The shared /callback drops X-Remote-* headers: the same headers log nobody in there.
  std::string state(parse_url(url).query.get("state"));
  HttpResult shared = fetch(dex_, "GET", dex_.path("/callback") + "?state=" + state, {}, kJaneHeaders);
  EXPECT_EQ(shared.status, 500);

  HttpResult done = fetch(dex_, "GET", url, {}, kJaneHeaders);
  std::string refresh_token;
  nlohmann::json id = redeemed_claims(done, &refresh_token);
  EXPECT_EQ(id["sub"], subject("u-42", "proxy"));
  EXPECT_EQ(id["name"], "jane");
  EXPECT_EQ(id["preferred_username"], "Jane Doe");
  EXPECT_EQ(id["email"], "jane@example.com");
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_EQ(id["groups"], nlohmann::json({"admins", "dev", "static"}));
  // authproxy cannot refresh, so no refresh token even with offline_access (as dex).
  EXPECT_TRUE(refresh_token.empty());
}

// The deployment dex documents: the connector's callback reached only through a proxy that
// authenticates the user and sets the headers itself.
TEST_F(AuthProxyE2E, ThroughAnAuthenticatingProxy) {
  AuthenticatingProxy proxy(dex_.port(), {{"jane", {.password = "jane-pw", .groups = {"admins", "dev"}}}});
  Url u = parse_url(callback_url("proxy", AuthParams{.scope = "openid email groups"}));
  std::string target = u.path + "?" + u.query.encode();
  auto via_proxy = [&](const std::string& headers) {
    auto r = http_request(proxy.port(), "GET", target, {}, headers);
    return r ? *r : HttpResult{};
  };
  EXPECT_EQ(via_proxy("").status, 401);
  EXPECT_EQ(via_proxy("Authorization: Basic " + base::base64_encode("jane:wrong") + "\r\n").status, 401);

  // A client's forged identity headers are replaced by the proxy's.
  HttpResult done = via_proxy(
      "Authorization: Basic " + base::base64_encode("jane:jane-pw") +
      "\r\nX-Remote-User: root\r\nX-Remote-Group: wheel\r\nX-Remote-User-Email: root@example.com\r\n");
  nlohmann::json id = redeemed_claims(done);
  EXPECT_EQ(id["sub"], subject("jane", "proxy"));
  EXPECT_EQ(id["email"], "jane");
  EXPECT_EQ(id["groups"], nlohmann::json({"admins", "dev", "static"}));
}

TEST_F(AuthProxyE2E, ConfiguredHeaders) {
  std::string url = callback_url("custom", AuthParams{.scope = "openid email groups"});
  HttpResult done =
      fetch(dex_, "GET", url, {},
            "X-Remote-User: ignored\r\nX-Forwarded-User: bob\r\nX-Forwarded-Email: bob@example.com\r\n"
            "X-Forwarded-Groups: a;b\r\n");
  nlohmann::json id = redeemed_claims(done);
  EXPECT_EQ(id["sub"], subject("bob", "custom"));
  EXPECT_EQ(id["email"], "bob@example.com");
  EXPECT_EQ(id["groups"], nlohmann::json({"a", "b"}));
}

TEST_F(AuthProxyE2E, AnotherConnectorsCallbackIsRefused) {
  std::string url = callback_url("proxy", AuthParams{});
  std::string state(parse_url(url).query.get("state"));
  HttpResult r = fetch(dex_, "GET", dex_.path("/callback/custom") + "?state=" + state, {}, kJaneHeaders);
  EXPECT_TRUE(code_of(r).empty());
  EXPECT_GE(r.status, 400);
}

}  // namespace
}  // namespace dexcc::testing
