// The authproxy connector's configuration (reference dex-connectors-web-api.md §2.14): which
// request headers carry the user, and the groups every login gets.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::authproxy {

struct Config {
  std::string user_id_header = "X-Remote-User-Id";
  std::string user_header = "X-Remote-User";
  std::string user_name_header = "X-Remote-User-Name";
  std::string email_header = "X-Remote-User-Email";
  std::string group_header = "X-Remote-Group";
  std::string group_header_separator = ",";
  std::vector<std::string> static_groups;
};

// dex fills every empty key with its default; unknown keys are logged. `path` names the config in
// errors ("connectors[proxy].config").
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::authproxy
