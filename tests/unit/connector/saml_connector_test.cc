// Tests for the saml connector's config, AuthnRequest and accepted responses (the refusals are in
// saml_hostile_test.cc).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "base/base64.h"
#include "connector/saml/config.h"
#include "saml_fixture.h"

namespace dexcc::connector {
namespace {

TEST_F(SamlTest, RegisteredUnderBothNames) {
  auto c = Registry::builtin().open("samlExperimental", base_config().dump(), OpenContext{.id = "x"});
  ASSERT_TRUE(c) << c.error().message;
  auto caps = (*c)->capabilities();
  EXPECT_TRUE(caps.saml);
  EXPECT_FALSE(caps.refresh);  // v2.45.1: no refresh for SAML
  EXPECT_FALSE(caps.callback);
}

TEST_F(SamlTest, ConfigRefusals) {
  auto open_with = [&](nlohmann::json cfg) {
    return Registry::builtin().open("saml", cfg.dump(), OpenContext{.id = "s"});
  };
  for (const char* key : {"ssoURL", "usernameAttr", "emailAttr", "redirectURI"}) {
    auto cfg = base_config();
    cfg.erase(key);
    auto c = open_with(cfg);
    ASSERT_FALSE(c) << key;
    EXPECT_NE(c.error().message.find(key), std::string::npos) << c.error().message;
  }
  auto cfg = base_config();
  cfg.erase("caData");
  EXPECT_FALSE(open_with(cfg));
  cfg["insecureSkipSignatureValidation"] = true;
  EXPECT_TRUE(open_with(cfg));
  cfg = base_config();
  cfg["ca"] = "/nonexistent/ca.pem";
  EXPECT_FALSE(open_with(cfg));  // both ca and caData
  cfg = base_config();
  cfg["caData"] = base::base64_encode(key().cert_pem + "junk");
  EXPECT_FALSE(open_with(cfg));  // trailing non-PEM data
  cfg = base_config();
  cfg["caData"] = base::base64_encode("subject=CN = idp\n" + key().cert_pem + "\n");
  EXPECT_TRUE(open_with(cfg));  // text before a block is skipped, as Go's pem.Decode does
  cfg = base_config();
  cfg["caData"] = base::base64_encode(key().key_pem + key().cert_pem);
  EXPECT_FALSE(open_with(cfg));  // a private key is not a certificate
  cfg = base_config();
  cfg["caData"] = base::base64_encode(key().cert_pem + other_key().cert_pem);
  EXPECT_TRUE(open_with(cfg));  // several certificates
  cfg = base_config();
  cfg["nameIDPolicyFormat"] = "bogus";
  EXPECT_FALSE(open_with(cfg));
}

TEST(SamlConfig, NameIdFormatsShortAndLong) {
  using saml::name_id_format_urn;
  EXPECT_EQ(name_id_format_urn(""), "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
  EXPECT_EQ(name_id_format_urn("emailAddress"), "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
  EXPECT_EQ(name_id_format_urn("transient"), "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  EXPECT_EQ(name_id_format_urn("urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos"),
            "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos");
  EXPECT_EQ(name_id_format_urn("WindowsDomainQualifiedName"),
            "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName");
  EXPECT_EQ(name_id_format_urn("urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress"), "");
}

TEST_F(SamlTest, AuthnRequestIsPostBindingXml) {
  auto cfg = base_config();
  cfg["nameIDPolicyFormat"] = "emailAddress";
  open(cfg);
  auto post = saml_->post_data({}, "abc\"<&");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->sso_url, "https://idp.example/sso");
  auto xml = base::base64_decode(post->saml_request);
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->find("<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
                      "ID=\"abc&quot;&lt;&amp;\" Version=\"2.0\""),
            std::string::npos)
      << *xml;
  EXPECT_NE(xml->find("Destination=\"https://idp.example/sso\""), std::string::npos);
  EXPECT_NE(xml->find("ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""),
            std::string::npos);
  EXPECT_NE(xml->find("AssertionConsumerServiceURL=\"https://dex.example/callback\""), std::string::npos);
  EXPECT_NE(xml->find(">https://dex.example/saml</saml:Issuer>"), std::string::npos);
  EXPECT_NE(xml->find("<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\" "
                      "AllowCreate=\"true\">"),
            std::string::npos);
  EXPECT_NE(xml->find("IssueInstant=\"20"), std::string::npos);
}

TEST_F(SamlTest, AcceptsSignedAssertion) {
  auto id = post_xml(signed_assertion(good_spec()));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->user_id, "user-1");
  EXPECT_EQ(id->username, "jane");
  EXPECT_EQ(id->email, "jane@example.com");
  EXPECT_TRUE(id->email_verified);
  EXPECT_EQ(id->groups, (std::vector<std::string>{"admins", "devs"}));
  EXPECT_EQ(id->connector_data, "");
}

TEST_F(SamlTest, AcceptsSignedResponseAndBothSigned) {
  auto s = good_spec();
  auto id = post_xml(testing::sign_saml(testing::saml_response_xml(s), s.response_id, key()));
  ASSERT_TRUE(id) << id.error().message;
  s.response_id = "_resp2";
  s.assertion_id = "_assert2";
  std::string both = testing::sign_saml(signed_assertion(s), s.response_id, key());
  id = post_xml(both);
  ASSERT_TRUE(id) << id.error().message;
}

TEST_F(SamlTest, GroupsRules) {
  auto s = good_spec();
  // No groups scope: no groups.
  auto id = post_xml(signed_assertion(s), Scopes{});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_TRUE(id->groups.empty());

  auto cfg = base_config();
  cfg["allowedGroups"] = {"devs", "ops"};
  cfg["filterGroups"] = true;
  open(cfg);
  s.response_id = "_r3";
  s.assertion_id = "_ar3";
  id = post_xml(signed_assertion(s));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->groups, std::vector<std::string>{"devs"});
  // allowedGroups without the groups scope is refused, as in dex.
  s.response_id = "_r4";
  s.assertion_id = "_ar4";
  EXPECT_FALSE(post_xml(signed_assertion(s), Scopes{}));
  s.response_id = "_r5";
  s.assertion_id = "_ar5";
  s.attributes = {{"email", {"a@b"}}, {"name", {"a"}}, {"groups", {"nobody"}}};
  auto refused = post_xml(signed_assertion(s));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "user not a member of allowed groups");

  cfg = base_config();
  cfg["groupsDelim"] = ",";
  open(cfg);
  s.response_id = "_r6";
  s.assertion_id = "_ar6";
  s.attributes = {{"email", {"a@b"}}, {"name", {"a"}}, {"groups", {"x, y,z", "ignored"}}};
  id = post_xml(signed_assertion(s));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->groups, (std::vector<std::string>{"x", " y", "z"}));
  // A missing groups attribute with the groups scope is an error (dex).
  s.response_id = "_r7";
  s.assertion_id = "_ar7";
  s.attributes = {{"email", {"a@b"}}, {"name", {"a"}}};
  EXPECT_FALSE(post_xml(signed_assertion(s)));
}

TEST_F(SamlTest, MissingAttributesNamed) {
  auto s = good_spec();
  s.attributes = {{"mail", {"a@b"}}, {"name", {"a"}}};
  auto r = post_xml(signed_assertion(s));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no attribute with name \"email\": [\"mail\", \"name\"]"),
            std::string::npos)
      << r.error().message;
}

TEST_F(SamlTest, SkipSignatureStillChecksTheRest) {
  auto cfg = base_config();
  cfg.erase("caData");
  cfg["insecureSkipSignatureValidation"] = true;
  open(cfg);
  auto s = good_spec();
  auto id = post_xml(testing::saml_response_xml(s));
  ASSERT_TRUE(id) << id.error().message;
  s.response_id = "_x2";
  s.assertion_id = "_ax2";
  s.audience = "https://other";
  EXPECT_FALSE(post_xml(testing::saml_response_xml(s)));
}

TEST_F(SamlTest, EmptyEntityIssuerUsesRedirectAsAudience) {
  auto cfg = base_config();
  cfg.erase("entityIssuer");
  open(cfg);
  auto s = good_spec();
  s.audience = kRedirect;
  auto id = post_xml(signed_assertion(s));
  ASSERT_TRUE(id) << id.error().message;
}

// Responses are validated on several worker threads at once: libxml2, xmlsec and the replay cache
// must not share state between them.
TEST_F(SamlTest, ConcurrentValidations) {
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::string> responses;
  for (int i = 0; i < kThreads * kEach; ++i) {
    auto s = good_spec();
    s.response_id = "_c" + std::to_string(i);
    s.assertion_id = "_ca" + std::to_string(i);
    responses.push_back(base::base64_encode(signed_assertion(s)));
  }
  std::atomic<int> accepted = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (saml_->handle_post({}, responses[t * kEach + i], kRequestId)) ++accepted;
        // A hostile one in between must not disturb the others.
        (void)saml_->handle_post({}, base::base64_encode("<!DOCTYPE x><x/>"), kRequestId);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(accepted, kThreads * kEach);
}

}  // namespace
}  // namespace dexcc::connector
