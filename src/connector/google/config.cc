// Decoding the google connector's config with dex's defaults and its one open-time refusal.
#include "connector/google/config.h"

#include <algorithm>

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::google {

bool Config::wants_directory() const {
  bool groups_scope = std::find(scopes.begin(), scopes.end(), "groups") != scopes.end();
  return (!service_account_file_path.empty() && !domain_to_admin_email.empty()) || groups_scope;
}

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  std::vector<std::string> scopes = f.strings("scopes");
  if (scopes.empty()) scopes = {"profile", "email"};
  c.scopes = {"openid"};
  c.scopes.insert(c.scopes.end(), scopes.begin(), scopes.end());
  c.hosted_domains = f.strings("hostedDomains");
  c.groups = f.strings("groups");
  c.service_account_file_path = f.string("serviceAccountFilePath");
  c.domain_to_admin_email = f.string_map("domainToAdminEmail");
  if (std::string admin = f.string("adminEmail"); !admin.empty()) {
    log::warn("google: adminEmail is deprecated, use \"domainToAdminEmail.*\" instead",
              {{"key", f.path_of("adminEmail")}});
    c.domain_to_admin_email[kWildcardDomain] = admin;
  }
  c.fetch_transitive_group_membership = f.boolean("fetchTransitiveGroupMembership");
  if (auto prompt = f.optional_string("promptType")) c.prompt_type = *prompt;
  if (c.domain_to_admin_email.empty() && !c.service_account_file_path.empty()) {
    f.fail("domainToAdminEmail", "directory service requires the domainToAdminEmail option to be configured");
  }
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::google
