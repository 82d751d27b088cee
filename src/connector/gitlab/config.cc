// Reading the gitlab connector's configuration.
#include "connector/gitlab/config.h"

#include <fmt/format.h>

#include "base/base64.h"
#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::gitlab {

Config parse_config(const nlohmann::json& json, const std::string& id) {
  base::JsonFields f(json, fmt::format("connectors[{}].config", id));
  Config c;
  c.base_url = f.string("baseURL");
  if (c.base_url.empty()) c.base_url = "https://gitlab.com";
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  c.groups = f.strings("groups");
  c.use_login_as_id = f.boolean("useLoginAsID");
  c.get_groups_permission = f.boolean("getGroupsPermission");
  // A Go []byte: base64 in JSON.
  if (std::string data = f.string("rootCAData"); !data.empty()) {
    auto pem = base::base64_decode(data);
    if (!pem) f.fail("rootCAData", "illegal base64 data");
    c.root_ca_pem = std::move(*pem);
  }
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::gitlab
