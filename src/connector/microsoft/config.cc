// Decoding the microsoft connector's config with dex's defaults.
#include "connector/microsoft/config.h"

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::microsoft {
namespace {

std::string trimmed_or(std::string url, const char* fallback) {
  if (url.ends_with('/')) url.pop_back();  // strings.TrimSuffix: one slash
  return url.empty() ? fallback : url;
}

}  // namespace

bool Config::org_tenant() const {
  return tenant != "common" && tenant != "consumers" && tenant != "organizations";
}

bool Config::groups_required(bool groups_scope) const {
  return (!groups.empty() || groups_scope) && org_tenant();
}

std::vector<std::string> Config::request_scopes(bool groups_scope, bool offline_access) const {
  std::vector<std::string> out = scopes.empty() ? std::vector<std::string>{"user.read"} : scopes;
  if (groups_required(groups_scope)) out.emplace_back("directory.read.all");
  if (offline_access) out.emplace_back("offline_access");
  return out;
}

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  c.tenant = f.string("tenant");
  if (c.tenant.empty()) c.tenant = "common";
  c.only_security_groups = f.boolean("onlySecurityGroups");
  c.groups = f.strings("groups");
  std::string format = f.string("groupNameFormat");
  if (format == "id") {
    c.group_name_format = GroupNameFormat::kId;
  } else if (!format.empty() && format != "name") {
    f.fail("groupNameFormat", "invalid groupNameFormat: " + format);
  }
  c.use_groups_as_whitelist = f.boolean("useGroupsAsWhitelist");
  c.email_to_lowercase = f.boolean("emailToLowercase");
  c.api_url = trimmed_or(f.string("apiURL"), "https://login.microsoftonline.com");
  c.graph_url = trimmed_or(f.string("graphURL"), "https://graph.microsoft.com");
  c.prompt_type = f.string("promptType");
  c.domain_hint = f.string("domainHint");
  c.scopes = f.strings("scopes");
  c.batch_group_lookups = f.boolean("batchGroupLookups");
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::microsoft
