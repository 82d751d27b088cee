// The google connector's configuration: every key of dex v2.45.1 with its defaults, decoded and
// validated once at open time.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace dexcc::connector::google {

// The domainToAdminEmail key that serves every domain without an entry of its own.
inline constexpr char kWildcardDomain[] = "*";

struct Config {
  std::string client_id, client_secret, redirect_uri;
  std::vector<std::string> scopes;  // as sent: "openid", then the configured ones or profile, email
  std::vector<std::string> hosted_domains;
  std::vector<std::string> groups;  // required groups (only checked when groups are fetched)
  std::string service_account_file_path;
  // adminEmail (deprecated) lands under "*".
  std::map<std::string, std::string> domain_to_admin_email;
  bool fetch_transitive_group_membership = false;
  std::string prompt_type = "consent";  // an explicit "" is kept and sent as "prompt="

  // dex builds directory services only with a service account file and admin emails, or when
  // the configured scopes name "groups" (then Application Default Credentials stand in).
  bool wants_directory() const;
};

// Throws base::ConfigError for what dex refuses at open: serviceAccountFilePath without any admin
// email. `path` names the config in errors ("connectors[google].config").
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::google
