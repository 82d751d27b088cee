// Reading the gitea connector's configuration.
#include "connector/gitea/config.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::gitea {

Config parse_config(const nlohmann::json& json, const std::string& id) {
  base::JsonFields f(json, fmt::format("connectors[{}].config", id));
  Config c;
  c.base_url = f.string("baseURL");
  if (c.base_url.empty()) c.base_url = "https://gitea.com";
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  std::vector<std::string> unknown;
  for (const nlohmann::json* entry : f.array("orgs")) {
    base::JsonFields o(*entry, f.path_of("orgs"));
    c.orgs.push_back(Org{o.string("name"), o.strings("teams")});
    for (auto& key : o.unknown_keys()) unknown.push_back(std::move(key));
  }
  c.load_all_groups = f.boolean("loadAllGroups");
  c.use_login_as_id = f.boolean("useLoginAsID");
  for (auto& key : f.unknown_keys()) unknown.push_back(std::move(key));
  for (const auto& key : unknown) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::gitea
