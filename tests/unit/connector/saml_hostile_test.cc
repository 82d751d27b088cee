// The hostile-response suite: every response here is built by the test IdP and then broken the way
// attacks on SAML service providers break them (signature wrapping XSW1-8, comments, DTDs, size).
// Each must be refused with its reason in the log, and none may crash.
#include <gtest/gtest.h>

#include "connector/saml/response.h"
#include "connector/saml/xml_document.h"
#include "saml_fixture.h"

namespace dexcc::connector {
namespace {

// The text between the first `open` and the matching `close` (inclusive).
std::string cut(const std::string& s, const std::string& open, const std::string& close, size_t from = 0) {
  size_t b = s.find(open, from);
  size_t e = s.find(close, b);
  EXPECT_NE(b, std::string::npos) << open;
  EXPECT_NE(e, std::string::npos) << close;
  return s.substr(b, e + close.size() - b);
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  size_t p = s.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

std::string without_decl(const std::string& s) {
  return s.rfind("<?xml", 0) == 0 ? s.substr(s.find("?>") + 2) : s;
}

class SamlHostile : public SamlTest {
 protected:
  // Posts `xml` (or the raw form value), expects a refusal whose message and log line hold `reason`.
  void expect_refused(const std::string& xml, const std::string& reason, bool raw = false) {
    ::testing::internal::CaptureStderr();
    auto r = raw ? saml_->handle_post({.groups = true}, xml, kRequestId) : post_xml(xml);
    std::string log = ::testing::internal::GetCapturedStderr();
    ASSERT_FALSE(r) << "accepted: " << xml.substr(0, 2000);
    std::printf("  refused: %s\n", r.error().message.substr(0, 300).c_str());
    EXPECT_NE(r.error().message.find(reason), std::string::npos) << "reason: " << r.error().message;
    EXPECT_NE(log.find("saml: response refused"), std::string::npos) << log;
    EXPECT_NE(log.find("reason="), std::string::npos) << log;
  }

  std::string evil_assertion(const std::string& id = "_evil") {
    auto s = good_spec();
    s.assertion_id = id;
    s.name_id = "admin";
    s.attributes = {{"email", {"admin@example.com"}}, {"name", {"admin"}}, {"groups", {"admins"}}};
    return testing::saml_assertion_xml(s);
  }
  static std::string response_open(const std::string& id) {
    return "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
           "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" +
           id +
           "\" Version=\"2.0\" InResponseTo=\"areq1\" Destination=\"https://dex.example/callback\">"
           "<saml:Issuer>https://idp.example</saml:Issuer><samlp:Status><samlp:StatusCode "
           "Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>";
  }
  std::string signed_response() {
    auto s = good_spec();
    return without_decl(testing::sign_saml(testing::saml_response_xml(s), s.response_id, key()));
  }
  std::string signed_assertion_doc() { return without_decl(signed_assertion(good_spec())); }
};

TEST_F(SamlHostile, Unsigned) {
  expect_refused(testing::saml_response_xml(good_spec()), "neither the Response nor the Assertion is signed");
}

TEST_F(SamlHostile, SignedByAnotherKey) {
  auto s = good_spec();
  expect_refused(testing::sign_saml(testing::saml_response_xml(s), s.assertion_id, other_key()),
                 "does not verify with the configured certificate");
  expect_refused(testing::sign_saml(testing::saml_response_xml(s), s.response_id, other_key()),
                 "Response signature");
}

// A valid Response signature does not excuse an Assertion signature by another key.
TEST_F(SamlHostile, SignedResponseWithForeignAssertionSignature) {
  auto s = good_spec();
  std::string inner = testing::sign_saml(testing::saml_response_xml(s), s.assertion_id, other_key());
  expect_refused(testing::sign_saml(inner, s.response_id, key()), "Assertion signature");
}

TEST_F(SamlHostile, Expired) {
  auto s = good_spec();
  s.not_on_or_after_s = -31;
  expect_refused(signed_assertion(s), "has expired");
}

TEST_F(SamlHostile, WithinClockDriftIsAccepted) {
  auto s = good_spec();
  s.not_on_or_after_s = -20;
  s.not_before_s = 20;
  auto r = post_xml(signed_assertion(s));
  EXPECT_TRUE(r) << r.error().message;
}

TEST_F(SamlHostile, NotYetValid) {
  auto s = good_spec();
  s.not_before_s = 120;
  expect_refused(signed_assertion(s), "is not valid yet");
}

TEST_F(SamlHostile, WrongAudience) {
  auto s = good_spec();
  s.audience = "https://other-sp.example";
  expect_refused(signed_assertion(s), "audience \"https://other-sp.example\" does not include");
}

TEST_F(SamlHostile, WrongDestination) {
  auto s = good_spec();
  s.destination = "https://other-sp.example/acs";
  expect_refused(signed_assertion(s), "Destination");
}

TEST_F(SamlHostile, WrongRecipient) {
  auto s = good_spec();
  s.recipient = "https://other-sp.example/acs";
  expect_refused(signed_assertion(s), "Recipient");
}

TEST_F(SamlHostile, WrongInResponseTo) {
  auto s = good_spec();
  s.in_response_to = "another-request";
  expect_refused(signed_assertion(s), "InResponseTo \"another-request\"");
}

TEST_F(SamlHostile, WrongIssuer) {
  auto s = good_spec();
  s.issuer = "https://evil-idp.example";
  expect_refused(signed_assertion(s), "does not match ssoIssuer");
}

TEST_F(SamlHostile, NotBearer) {
  auto s = good_spec();
  s.method = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
  expect_refused(signed_assertion(s), "is not bearer");
}

TEST_F(SamlHostile, Replayed) {
  std::string xml = signed_assertion(good_spec());
  auto first = post_xml(xml);
  ASSERT_TRUE(first) << first.error().message;
  expect_refused(xml, "already used");
  // With only the Assertion signed, the Response's ID is the sender's to change.
  expect_refused(replace(xml, "ID=\"_resp1\"", "ID=\"_resp-other\""), "already used");
}

TEST_F(SamlHostile, ErrorStatusCarriesTheIdpMessage) {
  auto s = good_spec();
  s.status = "urn:oasis:names:tc:SAML:2.0:status:Responder";
  s.status_message = "account locked";
  expect_refused(testing::sign_saml(testing::saml_response_xml(s), s.response_id, key()),
                 "the IdP answered status Responder: account locked");
  // Unsigned, as IdPs often send errors: the signature refusal names the status too.
  expect_refused(testing::saml_response_xml(s), "account locked");
}

TEST_F(SamlHostile, AttributeChangedAfterSigning) {
  expect_refused(replace(signed_assertion_doc(), "jane@example.com", "admin@example.com"),
                 "Assertion signature");
  expect_refused(replace(signed_response(), "jane@example.com", "admin@example.com"), "Response signature");
  expect_refused(replace(signed_assertion_doc(), ">user-1<", ">admin<"), "Assertion signature");
}

TEST_F(SamlHostile, CommentInsideNameId) {
  auto s = good_spec();
  s.name_id = "admin.attacker";
  std::string xml = replace(signed_assertion(s), ">admin.attacker<", ">admin<!---->.attacker<");
  expect_refused(xml, "holds more than text");
}

// XSW1: an evil Response wraps the signed one inside its Signature.
TEST_F(SamlHostile, Xsw1SignedResponseInsideSignature) {
  std::string orig = signed_response();
  std::string sig = cut(orig, "<Signature", "</Signature>");
  std::string evil_sig = replace(sig, "</Signature>", orig + "</Signature>");
  expect_refused(response_open("_evilresp") + evil_sig + evil_assertion() + "</samlp:Response>",
                 "Response signature");
}

// XSW2: the signed Response placed beside the signature of an evil Response.
TEST_F(SamlHostile, Xsw2SignedResponseDetached) {
  std::string orig = signed_response();
  std::string sig = cut(orig, "<Signature", "</Signature>");
  expect_refused(response_open("_evilresp") + orig + sig + evil_assertion() + "</samlp:Response>", "");
}

// XSW3: an evil Assertion before the signed one.
TEST_F(SamlHostile, Xsw3EvilAssertionFirst) {
  std::string orig = signed_assertion_doc();
  expect_refused(replace(orig, "<saml:Assertion", evil_assertion() + "<saml:Assertion"), "2 Assertions");
}

// XSW3 with the evil Assertion after the signed one.
TEST_F(SamlHostile, Xsw3EvilAssertionAfter) {
  std::string orig = signed_assertion_doc();
  expect_refused(replace(orig, "</samlp:Response>", evil_assertion() + "</samlp:Response>"), "2 Assertions");
}

// XSW4: the signed Assertion nested inside an evil one.
TEST_F(SamlHostile, Xsw4SignedAssertionInsideEvil) {
  std::string orig = signed_assertion_doc();
  std::string signed_a = cut(orig, "<saml:Assertion", "</saml:Assertion>");
  std::string evil = evil_assertion();
  evil = replace(evil, "</saml:Assertion>", signed_a + "</saml:Assertion>");
  expect_refused(replace(orig, signed_a, evil), "neither the Response nor the Assertion is signed");
}

// XSW5: the signature moved into an evil Assertion; the original (unsigned now) at the end.
TEST_F(SamlHostile, Xsw5SignatureMovedToEvil) {
  std::string orig = signed_assertion_doc();
  std::string signed_a = cut(orig, "<saml:Assertion", "</saml:Assertion>");
  std::string sig = cut(signed_a, "<Signature", "</Signature>");
  std::string stripped = replace(signed_a, sig, "");
  std::string evil = replace(evil_assertion(), "</saml:Issuer>", "</saml:Issuer>" + sig);
  expect_refused(replace(orig, signed_a, evil + stripped), "2 Assertions");
  // Alone, the moved signature names another element.
  expect_refused(replace(orig, signed_a, evil), "does not name the signed element");
}

// XSW6: evil Assertion carrying the signature, with the original inside the signature.
TEST_F(SamlHostile, Xsw6OriginalInsideSignature) {
  std::string orig = signed_assertion_doc();
  std::string signed_a = cut(orig, "<saml:Assertion", "</saml:Assertion>");
  std::string sig = cut(signed_a, "<Signature", "</Signature>");
  std::string stripped = replace(signed_a, sig, "");
  std::string evil_sig = replace(sig, "</Signature>", "<Object>" + stripped + "</Object></Signature>");
  std::string evil = replace(evil_assertion(), "</saml:Issuer>", "</saml:Issuer>" + evil_sig);
  expect_refused(replace(orig, signed_a, evil), "Assertion signature");
}

// XSW7: the signed Assertion hidden in Extensions, an evil one in its place.
TEST_F(SamlHostile, Xsw7SignedAssertionInExtensions) {
  std::string orig = signed_assertion_doc();
  std::string signed_a = cut(orig, "<saml:Assertion", "</saml:Assertion>");
  expect_refused(
      replace(orig, signed_a, "<samlp:Extensions>" + signed_a + "</samlp:Extensions>" + evil_assertion()),
      "neither the Response nor the Assertion is signed");
}

// XSW8: evil Assertion with the signature whose Object holds the original without its signature.
TEST_F(SamlHostile, Xsw8OriginalInObject) {
  std::string orig = signed_assertion_doc();
  std::string signed_a = cut(orig, "<saml:Assertion", "</saml:Assertion>");
  std::string sig = cut(signed_a, "<Signature", "</Signature>");
  std::string stripped = replace(signed_a, sig, "");
  std::string evil = replace(
      evil_assertion("_assert1x"), "</saml:Issuer>",
      "</saml:Issuer>" + replace(sig, "</Signature>", "<Object>" + stripped + "</Object></Signature>"));
  expect_refused(replace(orig, signed_a, evil), "Assertion signature");
}

// The evil Assertion reuses the signed one's ID so that an ID lookup could find either.
TEST_F(SamlHostile, DuplicateIdWrapping) {
  std::string orig = signed_assertion_doc();
  std::string signed_a = cut(orig, "<saml:Assertion", "</saml:Assertion>");
  expect_refused(
      replace(orig, signed_a,
              evil_assertion("_assert1") + "<samlp:Extensions>" + signed_a + "</samlp:Extensions>"),
      "appears twice");
}

// A second Response: an evil one wrapping the signed Response in Extensions.
TEST_F(SamlHostile, SecondResponse) {
  std::string orig = signed_response();
  expect_refused(response_open("_evilresp") + "<samlp:Extensions>" + orig + "</samlp:Extensions>" +
                     evil_assertion() + "</samlp:Response>",
                 "neither the Response nor the Assertion is signed");
}

// A signature with two References (goxmldsig GHSA-479m-364c-43vc): only one is accepted.
TEST_F(SamlHostile, TwoReferences) {
  std::string orig = signed_assertion_doc();
  std::string ref = cut(orig, "<Reference", "</Reference>");
  expect_refused(replace(orig, ref, ref + replace(ref, "#_assert1", "#_resp1")), "exactly one Reference");
}

TEST_F(SamlHostile, OtherTransformRefused) {
  std::string orig = signed_assertion_doc();
  expect_refused(
      replace(orig, "<Transforms>",
              "<Transforms><Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/>"),
      "only enveloped and exclusive C14N");
}

TEST_F(SamlHostile, DtdAndXxe) {
  std::string body = signed_assertion_doc();
  expect_refused("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" +
                     replace(body, ">user-1<", ">&x;<"),
                 "DOCTYPE");
  expect_refused("<!DOCTYPE samlp:Response SYSTEM \"http://127.0.0.1:1/evil.dtd\">" + body, "DOCTYPE");
  // An undeclared entity reference without any DTD.
  expect_refused(replace(body, ">user-1<", ">&x;<"), "XML");
}

TEST_F(SamlHostile, BillionLaughs) {
  std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) doc += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    doc += "\">";
  }
  doc += "]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&lol9;</samlp:Response>";
  expect_refused(doc, "DOCTYPE");
}

TEST_F(SamlHostile, Utf16EncodedDtdIsNotSeenAsUtf8) {
  std::string ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>";
  std::string utf16 = "\xff\xfe";
  for (char c : ascii) {
    utf16 += c;
    utf16 += '\0';
  }
  expect_refused(utf16, "XML");
}

TEST_F(SamlHostile, DeepNesting) {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<x>";
  for (int i = 0; i < 40; ++i) deep += "</x>";
  expect_refused(replace(signed_assertion_doc(), "</samlp:Response>",
                         "<samlp:Extensions>" + deep + "</samlp:Extensions></samlp:Response>"),
                 "nested deeper");
  std::string deeper;
  for (int i = 0; i < 100000; ++i) deeper += "<x>";
  expect_refused(replace(signed_assertion_doc(), "</samlp:Response>", deeper), "XML");
}

TEST_F(SamlHostile, ManyNodes) {
  std::string many = "<samlp:Extensions>";
  for (int i = 0; i < 30000; ++i) many += "<x/>";
  many += "</samlp:Extensions>";
  expect_refused(replace(signed_assertion_doc(), "</samlp:Response>", many + "</samlp:Response>"), "nodes");
}

TEST_F(SamlHostile, MultiMegabyteBody) {
  std::string pad(5 << 20, 'a');
  expect_refused(replace(signed_assertion_doc(), "</samlp:Response>", "<!--" + pad + "--></samlp:Response>"),
                 "too large");
  // Just under the form limit but over the XML limit once decoded.
  std::string pad2(1100000, 'a');
  auto r = saml::parse_xml("<r><!--" + pad2 + "--></r>");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("larger than"), std::string::npos);
}

TEST_F(SamlHostile, NotBase64OrNotXml) {
  expect_refused("%%%not base64%%%", "base64", /*raw=*/true);
  expect_refused("", "no SAMLResponse", /*raw=*/true);
  expect_refused("<samlp:Response", "XML");
  expect_refused("<other/>", "not a samlp:Response");
  expect_refused("<?pi x?>" + signed_assertion_doc(), "processing instruction");
}

TEST_F(SamlHostile, ExpiredCertificateConfigured) {
  static const testing::IdpKey old = testing::make_idp_key("old", -7200, -3600);
  auto cfg = base_config();
  cfg["caData"] = base::base64_encode(old.cert_pem);
  open(cfg);
  auto s = good_spec();
  expect_refused(testing::sign_saml(testing::saml_response_xml(s), s.assertion_id, old), "has expired");
}

TEST_F(SamlHostile, EncryptedAssertionUnsupported) {
  expect_refused(replace(testing::saml_response_xml(good_spec()), "<saml:Assertion",
                         "<saml:EncryptedAssertion/><saml:Assertion"),
                 "encrypted assertions");
}

}  // namespace
}  // namespace dexcc::connector
