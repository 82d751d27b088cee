// Reading the bitbucket-cloud connector's configuration.
#include "connector/bitbucket/config.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::bitbucket {

Config parse_config(const nlohmann::json& json, const std::string& id) {
  base::JsonFields f(json, fmt::format("connectors[{}].config", id));
  Config c;
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  c.teams = f.strings("teams");
  c.include_team_groups = f.boolean("includeTeamGroups");
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::bitbucket
