// The gitea connector's configuration (dex connector/gitea Config, reference §2.11).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::gitea {

struct Org {
  std::string name;
  std::vector<std::string> teams;
};

struct Config {
  std::string base_url = "https://gitea.com";
  std::string client_id, client_secret, redirect_uri;
  std::vector<Org> orgs;  // allowed orgs and org:team names; none matching refuses
  bool load_all_groups = false;
  bool use_login_as_id = false;
};

// Warns about unknown keys; dex refuses nothing here.
Config parse_config(const nlohmann::json& json, const std::string& id);

}  // namespace dexcc::connector::gitea
