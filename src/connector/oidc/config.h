// The oidc connector's configuration: every key of dex v2.45.1 (and HEAD's discovery overrides),
// decoded and validated once at open time.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "base/json_fields.h"
#include "connector/oidc/claims.h"

namespace dexcc::connector::oidc {

struct DiscoveryOverrides {
  std::string token_url, auth_url, jwks_url;
  std::string user_info_url, device_auth_url, end_session_url;  // dex HEAD's additions
  bool empty() const {
    return token_url.empty() && auth_url.empty() && jwks_url.empty() && user_info_url.empty() &&
           device_auth_url.empty() && end_session_url.empty();
  }
};

struct Config {
  std::string issuer;
  std::string issuer_alias;
  std::string client_id, client_secret, redirect_uri;
  DiscoveryOverrides overrides;
  std::optional<bool> basic_auth_unsupported;  // unset: auto-detect (Okta's hosts: in the body)
  std::vector<std::string> scopes;             // as sent: "openid" first, then the configured ones
  std::vector<std::string> root_cas;
  bool insecure_skip_verify = false;
  std::vector<std::string> acr_values;
  bool get_user_info = false;
  std::string prompt_type = "consent";  // an explicit "" is kept and sent as "prompt="
  std::string pkce_challenge;           // "S256", "plain" or "" (then picked from discovery)
  ClaimRules claims;
};

// Throws base::ConfigError for what dex refuses at open: hostedDomains (moved to the google
// connector), an unknown pkceChallenge, an invalid groupsFilter is only a warning (as dex).
// `path` names the config in errors ("connectors[corp].config").
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::oidc
