// Reading and checking the github connector's configuration.
#include "connector/github/config.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::github {

Endpoints Config::endpoints() const {
  if (host_name.empty()) {
    return {"https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token",
            "https://api.github.com"};
  }
  std::string base = "https://" + host_name;
  return {base + "/login/oauth/authorize", base + "/login/oauth/access_token", base + "/api/v3"};
}

Config parse_config(const nlohmann::json& json, const std::string& id) {
  base::JsonFields f(json, fmt::format("connectors[{}].config", id));
  Config c;
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  c.org = f.string("org");
  std::vector<std::string> unknown;
  for (const nlohmann::json* entry : f.array("orgs")) {
    base::JsonFields o(*entry, f.path_of("orgs"));
    c.orgs.push_back(Org{o.string("name"), o.strings("teams")});
    for (auto& key : o.unknown_keys()) unknown.push_back(std::move(key));
  }
  c.host_name = f.string("hostName");
  c.root_ca = f.string("rootCA");
  std::string team_name_field = f.string("teamNameField");
  c.load_all_groups = f.boolean("loadAllGroups");
  c.use_login_as_id = f.boolean("useLoginAsID");
  c.preferred_email_domain = f.string("preferredEmailDomain");
  for (auto& key : f.unknown_keys()) unknown.push_back(std::move(key));
  for (const auto& key : unknown) log::warn("unknown connector config key", {{"key", key}});

  if (!c.org.empty()) {
    if (!c.orgs.empty())
      throw base::ConfigError("github: cannot use both 'org' and 'orgs' fields simultaneously");
    log::warn("github: legacy field 'org' being used. Switch to the newer 'orgs' field structure",
              {{"connector_id", id}});
  }
  if (c.host_name.find('/') != std::string::npos) {
    throw base::ConfigError("invalid hostname: hostname cannot contain `/`");
  }
  if (!c.root_ca.empty() && c.host_name.empty()) {
    throw base::ConfigError("invalid connector config: Host name field required for a root certificate file");
  }
  if (team_name_field == "slug") {
    c.team_name_field = TeamNameField::kSlug;
  } else if (team_name_field == "both") {
    c.team_name_field = TeamNameField::kBoth;
  } else if (team_name_field != "name" && !team_name_field.empty()) {
    throw base::ConfigError(
        fmt::format("invalid connector config: unsupported team name field value `{}`", team_name_field));
  }
  if (c.preferred_email_domain.ends_with('*')) {
    throw base::ConfigError("invalid PreferredEmailDomain: glob pattern cannot end with \"*\"");
  }
  return c;
}

}  // namespace dexcc::connector::github
