// The github connector's configuration (dex connector/github Config, reference §2.2): keys,
// defaults and the refusals dex makes at open.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dexcc::connector::github {

struct Org {
  std::string name;
  std::vector<std::string> teams;  // empty: membership of the org is enough
};

enum class TeamNameField { kName, kSlug, kBoth };

// Where the connector talks to: github.com, or a GitHub Enterprise host.
struct Endpoints {
  std::string auth_url;
  std::string token_url;
  std::string api_url;
};

struct Config {
  std::string client_id, client_secret, redirect_uri;
  std::string org;  // legacy: team names without the org prefix, no membership check
  std::vector<Org> orgs;
  std::string host_name;  // GitHub Enterprise; every email counts as verified there
  std::string root_ca;    // a PEM file, only with host_name
  TeamNameField team_name_field = TeamNameField::kName;
  bool load_all_groups = false;
  bool use_login_as_id = false;
  std::string preferred_email_domain;

  Endpoints endpoints() const;
};

// Throws base::ConfigError with dex's wording: `org` with `orgs`, a hostName with '/', a rootCA
// without hostName, an unknown teamNameField, a preferredEmailDomain ending in '*'. Warns about
// the legacy `org` and unknown keys.
Config parse_config(const nlohmann::json& json, const std::string& id);

}  // namespace dexcc::connector::github
