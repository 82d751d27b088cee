// Decoding the atlassian-crowd config.
#include "connector/crowd/config.h"

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::crowd {

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  c.base_url = f.string("baseURL");
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.groups = f.strings("groups");
  c.username_prompt = f.string("usernamePrompt");
  std::string field = f.string("preferredUsernameField");
  if (field == "key") {
    c.preferred_username = PreferredUsername::kKey;
  } else if (field == "name") {
    c.preferred_username = PreferredUsername::kName;
  } else if (field == "email") {
    c.preferred_username = PreferredUsername::kEmail;
  } else if (!field.empty()) {
    // dex warns on every login; once at start-up says the same.
    log::warn("preferred_username left empty",
              {{"key", f.path_of("preferredUsernameField")}, {"invalid_field", field}});
  }
  if (c.base_url.empty()) f.fail("baseURL", "crowd: no baseURL provided for crowd connector");
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::crowd
