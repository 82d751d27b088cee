// End-to-end: with logging at debug level, every flow (password form, mock connector, code
// redemption, refresh, password and client-credentials grants, userinfo, introspection, the device
// flow, an upstream OpenID provider, and the usual mistakes) runs through the real binary, and no
// client secret, password, bcrypt hash, authorization or device code, access/ID/refresh token
// (ours or the upstream's) or cookie value appears in the log or in any error page or response.
#include <gtest/gtest.h>

#include "base/bcrypt.h"
#include "upstream_helpers.h"

namespace dexcc::testing {
namespace {

using namespace flow;

constexpr char kClientSecret[] = "cs-Q7rT2vXk9mWp4SECRET";
constexpr char kPassword[] = "pw-Hx83LmQz1TopSecret";
constexpr char kWrongPassword[] = "pw-Wr0ngGuess77";
constexpr char kWrongClientSecret[] = "cs-Wr0ngSecret55";
const char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

class SecretHygiene : public ::testing::Test {
 protected:
  void SetUp() override {
    hash_ = base::bcrypt_hash(kPassword, 10);
    secrets_ = {kClientSecret, kPassword, kWrongPassword, kWrongClientSecret, hash_};
    dex_ = std::make_unique<DexccInstance>(InstanceOptions{
        .config_body = std::string("storage:\n  type: memory\nlogger:\n  level: debug\nstaticClients:\n- id: app\n  secret: ") + kClientSecret +
                       "\n  name: The App\n  redirectURIs: ['http://127.0.0.1:5555/callback', '/dex/device/callback']\n" +
                       kMockConnectorYaml + "enablePasswordDB: true\nstaticPasswords:\n- email: admin@example.com\n"
                       "  hash: \"" + hash_ + "\"\n  username: admin\n  userID: 08a8684b-db88-4b73-90a9-3cd1661f5466\n"
                       "oauth2:\n  passwordConnector: local\n"});
    ASSERT_TRUE(dex_->started()) << dex_->process().output();
  }

  // A request whose answer is kept: its cookies are secrets, and an error answer is checked.
  HttpResult call(std::string_view method, const std::string& url, const std::string& body = {},
                  const std::string& headers = {}) {
    HttpResult r = fetch(*dex_, method, url, body, headers);
    remember(r);
    return r;
  }
  TokenReply token(const Fields& body, const std::optional<Basic>& basic = Basic{"app", kClientSecret}) {
    TokenReply t = post_json(*dex_, "/token", body, basic);
    remember(t.http);
    for (const char* field : {"access_token", "id_token", "refresh_token"}) secret(t.str(field));
    return t;
  }
  void remember(const HttpResult& r) {
    for (const auto& [name, value] : r.headers) {
      if (name == "set-cookie") secret(value.substr(value.find('=') + 1, value.find(';') - value.find('=') - 1));
    }
    if (r.status >= 400) errors_.push_back(std::to_string(r.status) + " " + r.body);
  }
  void secret(const std::string& s) {
    if (s.size() >= 8) secrets_.push_back(s);
  }
  // Follows redirects on the instance, approving consent; from a connector chooser, takes `connector`.
  HttpResult walk(HttpResult r, const std::string& connector = "mock") {
    for (int hop = 0; hop < 12; ++hop) {
      if (r.status == 200 && r.body.find("/auth/" + connector) != std::string::npos && forms(r.body).empty()) {
        for (const auto& link : links(r.body)) {
          if (parse_url(link).path == dex_->path("/auth/" + connector)) r = call("GET", link);
        }
        continue;
      }
      if (!is_redirect(r) || !on_instance(*dex_, location(r))) return r;
      std::string next = location(r);
      if (parse_url(next).path == dex_->path("/callback") || next.find("code=") != std::string::npos) {
        secret(std::string(parse_url(next).query.get("code")));
      }
      r = call("GET", next);
      if (r.status == 200 && parse_url(next).path == dex_->path("/approval")) {
        for (const Form& f : forms(r.body)) {
          if (f.get("approval") == "approve") r = call("POST", f.action.empty() ? next : f.action, encode(f.fields));
        }
      }
    }
    return r;
  }
  std::string code_from(const HttpResult& r) {
    std::string code = code_of(r);
    secret(code);
    return code;
  }

  std::unique_ptr<DexccInstance> dex_;
  std::string hash_;
  std::vector<std::string> secrets_;
  std::vector<std::string> errors_;
};

TEST_F(SecretHygiene, NoSecretInLogsOrErrorAnswers) {
  DexccInstance& dex = *dex_;
  AuthParams p{.scope = "openid email profile offline_access"};

  // The password form: a wrong password, then the right one.
  HttpResult r = call("GET", dex.path("/auth/local") + "?" + auth_query(p));
  std::string form_url = location(r);
  ASSERT_FALSE(form_url.empty()) << r.status << r.body;
  EXPECT_EQ(call("POST", form_url, encode({{"login", "admin@example.com"}, {"password", kWrongPassword}})).status, 401);
  HttpResult done = walk(call("POST", form_url, encode({{"login", "admin@example.com"}, {"password", kPassword}})));
  std::string code = code_from(done);
  ASSERT_FALSE(code.empty()) << done.status << done.body;
  TokenReply t = token({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", p.redirect_uri}});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  // Mistakes with secrets in them.
  EXPECT_EQ(token({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", p.redirect_uri}}).status(), 400);
  EXPECT_EQ(token({{"grant_type", "refresh_token"}, {"refresh_token", t.str("refresh_token")}},
                  Basic{"app", kWrongClientSecret}).status(), 401);
  EXPECT_EQ(token({{"grant_type", "refresh_token"}, {"refresh_token", t.str("refresh_token") + "x"}}).status(), 400);
  // Refresh with the secret in the body (client_secret_post), twice: the second reuses a rotated token.
  Fields post_auth{{"client_id", "app"}, {"client_secret", kClientSecret}};
  Fields body{{"grant_type", "refresh_token"}, {"refresh_token", t.str("refresh_token")}};
  body.insert(body.end(), post_auth.begin(), post_auth.end());
  TokenReply refreshed = token(body, std::nullopt);
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body;
  token(body, std::nullopt);

  // userinfo and introspection with the tokens, and with broken ones.
  EXPECT_EQ(call("GET", dex.path("/userinfo"), "", bearer(refreshed.str("access_token"))).status, 200);
  EXPECT_EQ(call("GET", dex.path("/userinfo"), "", bearer(refreshed.str("access_token") + "x")).status, 403);
  call("POST", dex.path("/token/introspect"), encode({{"token", refreshed.str("access_token")}}),
       basic_header(Basic{"app", kClientSecret}));
  call("POST", dex.path("/token/introspect"), encode({{"token", refreshed.str("refresh_token")}}),
       basic_header(Basic{"app", kClientSecret}));

  // The password grant, right and wrong; client credentials.
  EXPECT_EQ(token({{"grant_type", "password"}, {"username", "admin@example.com"}, {"password", kPassword},
                   {"scope", "openid offline_access"}}).status(), 200);
  EXPECT_GE(token({{"grant_type", "password"}, {"username", "admin@example.com"}, {"password", kWrongPassword},
                   {"scope", "openid"}}).status(), 400);
  token({{"grant_type", "client_credentials"}, {"scope", "openid"}});

  // The mock connector's code flow.
  HttpResult mock = walk(call("GET", dex.path("/auth/mock") + "?" + auth_query(p)));
  std::string mock_code = code_from(mock);
  ASSERT_FALSE(mock_code.empty()) << mock.status << mock.body;
  EXPECT_EQ(token({{"grant_type", "authorization_code"}, {"code", mock_code}, {"redirect_uri", p.redirect_uri}}).status(),
            200);

  // The device flow: start, poll early, enter the user code, log in, poll for the tokens.
  TokenReply start = post_json(dex, "/device/code", {{"client_id", "app"}, {"scope", "openid offline_access"}}, Basic{"app", kClientSecret});
  remember(start.http);
  ASSERT_EQ(start.status(), 200) << start.http.body;
  std::string device_code = start.str("device_code");
  secret(device_code);
  EXPECT_EQ(token({{"grant_type", kDeviceGrant}, {"device_code", device_code}}, std::nullopt).status(), 400);
  HttpResult page = call("GET", start.str("verification_uri_complete"));
  ASSERT_EQ(forms(page.body).size(), 1u) << page.body;
  Form f = forms(page.body)[0];
  HttpResult finished = walk(call("POST", f.action, encode(f.fields)));
  EXPECT_EQ(finished.status, 200) << finished.body;
  TokenReply device = token({{"grant_type", kDeviceGrant}, {"device_code", device_code}}, std::nullopt);
  EXPECT_EQ(device.status(), 200) << device.http.body;
  token({{"grant_type", kDeviceGrant}, {"device_code", device_code}}, std::nullopt);  // already redeemed

  // Shut down cleanly, so everything logged is in the output.
  dex.process().signal(SIGTERM);
  dex.process().wait(std::chrono::seconds(30));
  std::string log = dex.process().output();
  ASSERT_NE(log.find("path=/dex/token status=400"), std::string::npos) << "requests are not logged:\n" << log;
  EXPECT_GE(secrets_.size(), 20u);
  for (const auto& s : secrets_) {
    EXPECT_EQ(log.find(s), std::string::npos) << "secret in the log: " << s;
    for (const auto& e : errors_) EXPECT_EQ(e.find(s), std::string::npos) << "secret in an error answer: " << s << "\n" << e;
  }
}

// The oidc connector against a second dexcc as the upstream: the upstream's tokens (JWTs, so
// "eyJ"), the connector's client secret and the user's password stay out of both logs.
TEST(SecretHygieneUpstream, UpstreamTokensAndSecretsStayOutOfTheLogs) {
  DexccInstance upstream(upstream_dexcc_config() + "logger:\n  level: debug\n");
  ASSERT_TRUE(upstream.started()) << upstream.process().output();
  DexccInstance downstream(std::string("storage:\n  type: memory\nlogger:\n  level: debug\nstaticClients:\n") +
                           app_client_yaml() + "oauth2:\n  skipApprovalScreen: true\nconnectors:\n- type: oidc\n"
                           "  id: upstream\n  name: Upstream\n  config:\n    issuer: " + upstream.issuer() +
                           "\n    clientID: downstream\n    clientSecret: down-secret\n"
                           "    redirectURI: \"{{ISSUER}}/callback\"\n    scopes: [profile, email, offline_access]\n");
  ASSERT_TRUE(downstream.started()) << downstream.process().output();
  HttpResult r = browse_two(downstream, upstream,
                            downstream.path("/auth/upstream") + "?" + auth_query({.scope = "openid email offline_access"}));
  std::string code = code_of(r);
  ASSERT_FALSE(code.empty()) << r.status << r.body;
  TokenReply t = redeem(downstream, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  TokenReply refreshed = refresh(downstream, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body;
  // A wrong password on the upstream's form, too.
  browse_two(downstream, upstream, downstream.path("/auth/upstream") + "?" + auth_query({.scope = "openid"}), "Wr0ng-pw-99");

  std::vector<std::string> secrets = {"app-secret", "down-secret", "Wr0ng-pw-99", "eyJ", code, t.str("refresh_token"),
                                      refreshed.str("refresh_token")};
  for (DexccInstance* dex : {&downstream, &upstream}) {
    dex->process().signal(SIGTERM);
    dex->process().wait(std::chrono::seconds(30));
    std::string log = dex->process().output();
    ASSERT_NE(log.find("path=/dex/token status=200"), std::string::npos) << log;
    for (const auto& s : secrets) EXPECT_EQ(log.find(s), std::string::npos) << "secret in the log: " << s << "\n" << log;
    // The upstream user's password ("password", a common word) only as a value: never "password=".
    EXPECT_EQ(log.find("=password"), std::string::npos) << log;
  }
}

}  // namespace
}  // namespace dexcc::testing
