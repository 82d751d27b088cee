// Validation of a SAML Response in dex's order (reference dex-connectors-web-api.md §2.15) and
// stricter: the data returned is read only from the element whose signature was verified.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "connector/saml/xml_document.h"

namespace dexcc::connector::saml {

// dex's allowed clock drift for every time window.
inline constexpr std::chrono::seconds kClockDrift{30};

struct Expectations {
  std::string request_id;     // the AuthnRequest's ID: every InResponseTo must equal it
  std::string redirect_uri;   // Destination and Recipient, and the audience without entityIssuer
  std::string entity_issuer;  // the audience
  std::string sso_issuer;     // the IdP's Issuer, when configured
  std::vector<std::string> cert_pems;
  bool skip_signature = false;  // insecureSkipSignatureValidation
  base::Time now;
};

struct SamlAttribute {
  std::string name;
  std::vector<std::string> values;
};

struct ValidAssertion {
  std::string response_id, assertion_id;
  std::string name_id;
  std::vector<SamlAttribute> attributes;
  base::Time valid_until;  // the latest NotOnOrAfter plus drift, else now + 24 h (replay cache)
};

// Parses and validates `xml` (the decoded SAMLResponse). The error is the reason, fit for a log.
std::expected<ValidAssertion, std::string> validate_response(std::string_view xml, const Expectations& want,
                                                             const XmlLimits& limits = {});

}  // namespace dexcc::connector::saml
