// The keystone connector's configuration (reference dex-connectors-web-api.md §2.12): the Keystone
// v3 endpoint, the users' domain, and the admin account refresh uses.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace dexcc::connector::keystone {

// Keystone names a domain by id or by name; exactly one is sent.
struct Domain {
  std::string id;
  std::string name;
};

struct Config {
  Domain domain;
  std::string host;  // keystoneHost, e.g. http://keystone:5000 (paths are appended to it)
  std::string admin_username, admin_password;
};

// Go uuid.Parse's forms: 8-4-4-4-12 hex, the same in braces or after "urn:uuid:", or 32 hex digits.
bool is_uuid(std::string_view text);

// A UUID or "default" is the domain's id, anything else its name (as dex). Nothing is required,
// as in dex; unknown keys are logged.
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::keystone
