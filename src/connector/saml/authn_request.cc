// Rendering the AuthnRequest with escaped attribute and text values.
#include "connector/saml/authn_request.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace dexcc::connector::saml {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string authn_request_xml(const Config& config, const std::string& id, base::Time now) {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(now);
  std::string issue_instant = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", secs);
  std::string issuer;
  if (!config.entity_issuer.empty()) {
    issuer = fmt::format("<saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">{}</saml:Issuer>",
                         escape(config.entity_issuer));
  }
  return fmt::format(
      "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"{}\" Version=\"2.0\" "
      "IssueInstant=\"{}\" Destination=\"{}\" "
      "ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
      "AssertionConsumerServiceURL=\"{}\">{}<samlp:NameIDPolicy Format=\"{}\" "
      "AllowCreate=\"true\"></samlp:NameIDPolicy>"
      "</samlp:AuthnRequest>",
      escape(id), issue_instant, escape(config.sso_url), escape(config.redirect_uri), issuer,
      escape(config.name_id_policy_format));
}

}  // namespace dexcc::connector::saml
