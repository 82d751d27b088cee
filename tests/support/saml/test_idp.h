// A SAML identity provider for tests: an RSA signing key with its self-signed certificate, a
// Response builder with every field a test may want to break, and XML-DSig signing with xmlsec1.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace dexcc::testing {

struct IdpKey {
  std::string cert_pem;
  std::string key_pem;
};

// A fresh RSA-2048 key and a self-signed certificate valid from `valid_from_s` to `valid_to_s`
// seconds relative to now.
IdpKey make_idp_key(const std::string& common_name, long valid_from_s = -3600, long valid_to_s = 86400);

struct SamlResponseSpec {
  std::string response_id = "_resp1";
  std::string assertion_id = "_assert1";
  std::string in_response_to;  // Response and SubjectConfirmationData
  std::string destination;     // Response Destination; "" leaves it out
  std::string recipient;       // SubjectConfirmationData Recipient; "" leaves it out
  std::string audience;        // "" leaves Conditions' AudienceRestriction out
  std::string issuer = "https://idp.example";
  std::string name_id = "user-1";
  std::string status = "urn:oasis:names:tc:SAML:2.0:status:Success";
  std::string status_message;
  std::string method = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
  // Offsets from now, in seconds, for Conditions and SubjectConfirmationData.
  long not_before_s = -60;
  long not_on_or_after_s = 300;
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes = {
      {"email", {"jane@example.com"}}, {"name", {"jane"}}, {"groups", {"admins", "devs"}}};
};

// The unsigned Response XML (UTC times computed from the system clock).
std::string saml_response_xml(const SamlResponseSpec& spec);
// The assertion element alone (with its namespace declaration), for wrapping tests.
std::string saml_assertion_xml(const SamlResponseSpec& spec);

// Signs the element whose ID is `id` in `xml` with an enveloped exclusive-C14N RSA-SHA256
// signature placed after its Issuer, with the certificate in KeyInfo. Returns the serialised
// document; aborts the test process on failure.
std::string sign_saml(const std::string& xml, const std::string& id, const IdpKey& key);

std::string base64(const std::string& bytes);

}  // namespace dexcc::testing
