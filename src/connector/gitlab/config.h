// The gitlab connector's configuration (dex connector/gitlab Config, reference §2.3).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::gitlab {

struct Config {
  std::string base_url = "https://gitlab.com";
  std::string client_id, client_secret, redirect_uri;
  std::vector<std::string> groups;  // required groups: only these are kept, none left refuses
  bool use_login_as_id = false;
  bool get_groups_permission = false;  // adds "group:owner|maintainer|developer" entries
  std::string root_ca_pem;             // rootCAData, base64 in the config
};

// Throws base::ConfigError when rootCAData is not base64; warns about unknown keys.
Config parse_config(const nlohmann::json& json, const std::string& id);

}  // namespace dexcc::connector::gitlab
