// End-to-end: the saml connector in the real binary. The test plays the IdP (responses signed with
// xmlsec1 by a key made at test time): the auto-POST page, the AuthnRequest it carries, the POSTed
// Response on /callback through to tokens, and refusals ending in dex's error page with the reason
// in dexcc's log.
#include <gtest/gtest.h>

#include "flow_helpers.h"
#include "support/saml/test_idp.h"

namespace dexcc::testing {
namespace {

using namespace flow;

constexpr char kSsoUrl[] = "http://127.0.0.1:9/sso";  // never contacted: the test answers for the IdP

class SamlE2e : public ::testing::Test {
 protected:
  static const IdpKey& key() {
    static const IdpKey k = make_idp_key("e2e-idp");
    return k;
  }

  void SetUp() override {
    std::string config =
        "storage:\n  type: sqlite3\n  config:\n    file: {{DIR}}/dex.db\nstaticClients:\n" +
        app_client_yaml() +
        "oauth2:\n  skipApprovalScreen: true\nconnectors:\n- type: saml\n  id: corp\n  name: Corp SSO\n"
        "  config:\n    ssoURL: " +
        std::string(kSsoUrl) + "\n    caData: " + base::base64_encode(key().cert_pem) +
        "\n    redirectURI: '{{ISSUER}}/callback'\n    entityIssuer: '{{ISSUER}}/saml'\n"
        "    ssoIssuer: https://idp.example\n    usernameAttr: name\n    emailAttr: email\n"
        "    groupsAttr: groups\n    nameIDPolicyFormat: persistent\n";
    dex_ = std::make_unique<DexccInstance>(config);
    ASSERT_TRUE(dex_->started()) << dex_->process().output();
  }

  // GET /auth/corp: the auto-POST page; returns its form (action, SAMLRequest, RelayState).
  Form start(const std::string& scope = "openid email profile groups") {
    HttpResult page = fetch(*dex_, "GET", dex_->path("/auth/corp") + "?" + auth_query({.scope = scope}));
    EXPECT_EQ(page.status, 200) << page.body;
    auto fs = forms(page.body);
    EXPECT_EQ(fs.size(), 1u) << page.body;
    return fs.empty() ? Form{} : fs.front();
  }

  SamlResponseSpec spec_for(const std::string& request_id) {
    SamlResponseSpec s;
    s.in_response_to = request_id;
    s.destination = dex_->issuer() + "/callback";
    s.recipient = s.destination;
    s.audience = dex_->issuer() + "/saml";
    return s;
  }

  HttpResult post_response(const std::string& xml, const std::string& relay_state) {
    return fetch(*dex_, "POST", dex_->path("/callback"),
                 encode({{"SAMLResponse", base::base64_encode(xml)}, {"RelayState", relay_state}}));
  }

  std::unique_ptr<DexccInstance> dex_;
};

TEST_F(SamlE2e, LoginThroughThePostBindingToTokens) {
  Form f = start();
  EXPECT_EQ(f.action, kSsoUrl);
  std::string relay = f.get("RelayState");
  ASSERT_FALSE(relay.empty());
  auto request = base::base64_decode(f.get("SAMLRequest"));
  ASSERT_TRUE(request);
  EXPECT_NE(request->find("ID=\"" + relay + "\""), std::string::npos) << *request;
  EXPECT_NE(request->find("AssertionConsumerServiceURL=\"" + dex_->issuer() + "/callback\""),
            std::string::npos);

  auto s = spec_for(relay);
  HttpResult r = post_response(sign_saml(saml_response_xml(s), s.assertion_id, key()), relay);
  r = follow(*dex_, r);
  ASSERT_TRUE(is_redirect(r)) << r.status << "\n" << r.body << dex_->process().output();
  std::string code = code_of(r);
  ASSERT_FALSE(code.empty()) << location(r);
  TokenReply t = redeem(*dex_, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  auto claims = claims_of(t.str("id_token"));
  EXPECT_EQ(claims["email"], "jane@example.com");
  EXPECT_EQ(claims["name"], "jane");
  EXPECT_EQ(claims["groups"], nlohmann::json({"admins", "devs"}));
  EXPECT_EQ(claims["sub"], subject("user-1", "corp"));
  EXPECT_TRUE(t.str("refresh_token").empty());  // no refresh for SAML (v2.45.1)
}

TEST_F(SamlE2e, HostileResponsesEndInTheErrorPageWithTheReasonLogged) {
  Form f = start();
  std::string relay = f.get("RelayState");
  auto s = spec_for(relay);
  // Unsigned.
  HttpResult r = post_response(saml_response_xml(s), relay);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(error_text(r.body).find("Authentication failed"), std::string::npos) << r.body;
  // Wrapped: an evil assertion before the signed one.
  std::string good = sign_saml(saml_response_xml(s), s.assertion_id, key());
  auto evil = s;
  evil.assertion_id = "_evil";
  evil.name_id = "admin";
  std::string wrapped = good;
  wrapped.insert(wrapped.find("<saml:Assertion"), saml_assertion_xml(evil));
  EXPECT_EQ(post_response(wrapped, relay).status, 500);
  // A DOCTYPE.
  EXPECT_EQ(post_response("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + good, relay).status,
            500);
  // Another login's RelayState.
  EXPECT_EQ(post_response(good, "not-a-request").status, 400);
  // GET on the SAML callback.
  EXPECT_EQ(fetch(*dex_, "GET", dex_->path("/callback") + "?state=" + relay).status, 400);

  // A multi-megabyte body is refused and the server stays up.
  HttpResult big = post_response(std::string(3 << 20, 'a'), relay);
  EXPECT_NE(big.status, 200);
  EXPECT_FALSE(is_redirect(big));

  std::string log = dex_->process().output();
  EXPECT_NE(log.find("neither the Response nor the Assertion is signed"), std::string::npos) << log;
  EXPECT_NE(log.find("holds 2 Assertions"), std::string::npos) << log;
  EXPECT_NE(log.find("DOCTYPE is refused"), std::string::npos) << log;

  // The good one still logs in after all that, once.
  HttpResult ok = follow(*dex_, post_response(good, relay));
  ASSERT_TRUE(is_redirect(ok)) << ok.status << ok.body;
  EXPECT_FALSE(code_of(ok).empty());
}

TEST_F(SamlE2e, ReplayedResponseIsRefused) {
  Form f = start();
  std::string relay = f.get("RelayState");
  auto s = spec_for(relay);
  std::string good = sign_saml(saml_response_xml(s), s.assertion_id, key());
  ASSERT_TRUE(is_redirect(follow(*dex_, post_response(good, relay))));
  HttpResult again = post_response(good, relay);
  EXPECT_FALSE(is_redirect(again) && !code_of(again).empty()) << again.status;
}

TEST_F(SamlE2e, ErrorStatusIsLoggedWithTheIdpMessage) {
  Form f = start();
  auto s = spec_for(f.get("RelayState"));
  s.status = "urn:oasis:names:tc:SAML:2.0:status:Responder";
  s.status_message = "user is disabled";
  HttpResult r = post_response(sign_saml(saml_response_xml(s), s.response_id, key()), f.get("RelayState"));
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(dex_->process().output().find("user is disabled"), std::string::npos) << dex_->process().output();
}

}  // namespace
}  // namespace dexcc::testing
