// The microsoft connector's configuration: every key of dex v2.45.1 (and dex HEAD's
// batchGroupLookups) with dex's defaults, decoded and validated once at open time.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::microsoft {

enum class GroupNameFormat { kName, kId };

struct Config {
  std::string client_id, client_secret, redirect_uri;
  std::string tenant = "common";
  bool only_security_groups = false;
  std::vector<std::string> groups;
  GroupNameFormat group_name_format = GroupNameFormat::kName;
  bool use_groups_as_whitelist = false;
  bool email_to_lowercase = false;
  std::string api_url = "https://login.microsoftonline.com";  // no trailing '/'
  std::string graph_url = "https://graph.microsoft.com";      // no trailing '/'
  std::string prompt_type;                                    // sent as prompt when not empty
  std::string domain_hint;                                    // sent as domain_hint when not empty
  std::vector<std::string> scopes;                            // empty: user.read
  bool batch_group_lookups = false;

  // A tenant other than common, consumers and organizations: only there are groups read.
  bool org_tenant() const;
  // dex's groupsRequired: groups configured or asked for, in an org tenant.
  bool groups_required(bool groups_scope) const;
  // The scopes of the authorization request: the configured ones (or user.read), then
  // directory.read.all when groups are required, then offline_access when asked for.
  std::vector<std::string> request_scopes(bool groups_scope, bool offline_access) const;
};

// Throws base::ConfigError for dex's refusal: "invalid groupNameFormat: <value>".
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::microsoft
