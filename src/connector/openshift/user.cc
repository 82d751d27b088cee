// Decoding the User object with Go's rules and applying dex's group requirement.
#include "connector/openshift/user.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/json_fields.h"
#include "base/text.h"
#include "connector/upstream/groups.h"

namespace dexcc::connector::openshift {

Result<Identity> identity_from_user(const std::string& body, const std::vector<std::string>& required) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return failed("JSON decode: the answer is not a User object");
  Identity id;
  std::string name;
  try {
    base::JsonFields user(j, "user");
    base::JsonFields metadata = user.object("metadata");
    name = metadata.string("name");
    id.user_id = metadata.string("uid");
    id.groups = user.strings("groups");
  } catch (const base::ConfigError& e) {
    return failed(fmt::format("JSON decode: {}", e.what()));
  }
  if (!required.empty() && upstream::filter_groups(id.groups, required).empty()) {
    return failed(
        fmt::format("openshift: user {} is not in any of the required groups", base::go_quote(name)));
  }
  id.username = name;
  id.preferred_username = name;
  id.email = name;
  id.email_verified = false;
  return id;
}

}  // namespace dexcc::connector::openshift
