// Decoding the saml connector's config with dex's defaults; refusals throw base::ConfigError.
#include "connector/saml/config.h"

#include <fstream>
#include <sstream>

#include "base/base64.h"
#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::saml {
namespace {

constexpr const char* kFormats[] = {
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:encrypted",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
};

bool only_space(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string name_id_format_urn(const std::string& value) {
  if (value.empty()) return "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
  for (const char* urn : kFormats) {
    std::string_view u(urn);
    if (value == u || value == u.substr(u.rfind(':') + 1)) return urn;
  }
  return "";
}

std::vector<std::string> split_certificates(const std::string& pem, const std::string& key) {
  static constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t begin = pem.find(kBegin, pos);
    std::string_view before =
        std::string_view(pem).substr(pos, begin == std::string::npos ? std::string::npos : begin - pos);
    // Text before a block is skipped, as Go's pem.Decode does (openssl's "subject=" lines), but
    // another kind of PEM block is not a certificate, and after the last one only space may follow.
    if (before.find("-----BEGIN") != std::string_view::npos)
      throw base::ConfigError(key + ": parse cert: not a certificate");
    if (begin == std::string::npos) {
      if (!out.empty() && !only_space(before)) throw base::ConfigError(key + ": parse cert: trailing data");
      break;
    }
    size_t end = pem.find(kEnd, begin);
    if (end == std::string::npos) throw base::ConfigError(key + ": unterminated certificate");
    end += kEnd.size();
    out.push_back(pem.substr(begin, end - begin) + "\n");
    pos = end;
  }
  if (out.empty()) throw base::ConfigError(key + ": no certificates found in ca data");
  return out;
}

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  c.sso_url = f.string("ssoURL");
  c.entity_issuer = f.string("entityIssuer");
  c.sso_issuer = f.string("ssoIssuer");
  c.redirect_uri = f.string("redirectURI");
  c.username_attr = f.string("usernameAttr");
  c.email_attr = f.string("emailAttr");
  c.groups_attr = f.string("groupsAttr");
  c.groups_delim = f.string("groupsDelim");
  c.allowed_groups = f.strings("allowedGroups");
  c.filter_groups = f.boolean("filterGroups");
  c.insecure_skip_signature_validation = f.boolean("insecureSkipSignatureValidation");
  std::string ca = f.string("ca");
  // caData is a Go []byte: base64 in JSON, holding PEM text.
  std::string ca_data_b64 = f.string("caData");

  for (auto [key, value] : {std::pair{"ssoURL", &c.sso_url},
                            {"usernameAttr", &c.username_attr},
                            {"emailAttr", &c.email_attr},
                            {"redirectURI", &c.redirect_uri}}) {
    if (value->empty()) f.fail(key, std::string("missing required field \"") + key + "\"");
  }
  std::string format = f.string("nameIDPolicyFormat");
  c.name_id_policy_format = name_id_format_urn(format);
  if (c.name_id_policy_format.empty())
    f.fail("nameIDPolicyFormat", "invalid nameIDPolicyFormat: \"" + format + "\"");

  if (!c.insecure_skip_signature_validation) {
    if (ca.empty() == ca_data_b64.empty()) f.fail("ca", "must provide either 'ca' or 'caData'");
    std::string pem;
    if (!ca.empty()) {
      std::ifstream in(ca, std::ios::binary);
      if (!in) f.fail("ca", "read ca file " + ca + ": cannot open");
      std::stringstream buf;
      buf << in.rdbuf();
      pem = buf.str();
      c.ca_pems = split_certificates(pem, f.path_of("ca"));
    } else {
      auto decoded = base::base64_decode(ca_data_b64);
      if (!decoded) f.fail("caData", "not valid base64");
      c.ca_pems = split_certificates(*decoded, f.path_of("caData"));
    }
  } else {
    log::warn("saml connector: signature validation is disabled (insecureSkipSignatureValidation)",
              {{"key", path}});
  }
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::saml
