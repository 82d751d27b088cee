// The atlassian-crowd connector's configuration (reference dex-connectors-web-api.md §2.13): the
// Crowd server, the application credentials dex calls it with, and the login options.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::crowd {

// Which Crowd user field becomes preferred_username; kNone leaves it empty.
enum class PreferredUsername { kNone, kKey, kName, kEmail };

struct Config {
  std::string base_url;                  // required
  std::string client_id, client_secret;  // the Crowd application's name and password
  std::vector<std::string> groups;       // when set, only these groups, and at least one of them
  PreferredUsername preferred_username = PreferredUsername::kNone;
  std::string username_prompt;
};

// Throws base::ConfigError without baseURL (dex's "crowd: no baseURL provided for crowd
// connector"). An unknown preferredUsernameField is logged and leaves the claim empty, as in dex.
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::crowd
