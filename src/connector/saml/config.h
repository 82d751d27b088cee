// The saml connector's configuration: every key of dex v2.45.1 (reference
// dex-connectors-web-api.md §2.15), decoded and validated once at open time.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::saml {

struct Config {
  std::string sso_url;
  std::vector<std::string> ca_pems;  // each configured signing certificate, one PEM block each
  std::string entity_issuer;
  std::string sso_issuer;
  std::string redirect_uri;
  std::string username_attr, email_attr, groups_attr, groups_delim;
  std::vector<std::string> allowed_groups;
  bool filter_groups = false;
  std::string name_id_policy_format;  // always the full URN
  bool insecure_skip_signature_validation = false;
};

// The full URN for a nameIDPolicyFormat value (a URN or its last segment; empty means persistent),
// or "" when dex does not know it.
std::string name_id_format_urn(const std::string& value);

// Splits PEM text into its CERTIFICATE blocks; throws base::ConfigError (naming `key`) when it holds
// none, another kind of PEM block, or anything but space after the last certificate.
std::vector<std::string> split_certificates(const std::string& pem, const std::string& key);

// Throws base::ConfigError for what dex refuses at open. `path` names the config in errors.
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::saml
