// The bitbucket-cloud connector's configuration (dex connector/bitbucketcloud Config, reference
// §2.9) and the fixed Bitbucket Cloud URLs it talks to.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::bitbucket {

struct Config {
  std::string client_id, client_secret, redirect_uri;
  std::vector<std::string> teams;    // required workspaces: only these are kept, none left refuses
  bool include_team_groups = false;  // the 1.0 groups API, which Bitbucket has since removed
};

struct Endpoints {
  std::string auth_url = "https://bitbucket.org/site/oauth2/authorize";
  std::string token_url = "https://bitbucket.org/site/oauth2/access_token";
  std::string api_url = "https://api.bitbucket.org/2.0";
  std::string legacy_api_url = "https://api.bitbucket.org/1.0";
};

// Warns about unknown keys; dex refuses nothing here.
Config parse_config(const nlohmann::json& json, const std::string& id);

}  // namespace dexcc::connector::bitbucket
