// Reading LinkedIn's profile and primary-contact answers with Go's decoding rules.
#include "connector/linkedin/profile.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/json_fields.h"

namespace dexcc::connector::linkedin {

std::string Profile::full_name() const {
  std::string name = first_name + " " + last_name;
  size_t begin = name.find_first_not_of(" \t\n\r\v\f");
  if (begin == std::string::npos) return email;
  size_t end = name.find_last_not_of(" \t\n\r\v\f");
  return name.substr(begin, end - begin + 1);
}

Result<Profile> parse_me(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return failed("JSON decode: the profile is not a JSON object");
  try {
    base::JsonFields f(j, "profile");
    return Profile{.id = f.string("id"),
                   .first_name = f.string("localizedFirstName"),
                   .last_name = f.string("localizedLastName")};
  } catch (const base::ConfigError& e) {
    return failed(fmt::format("JSON decode: {}", e.what()));
  }
}

Result<std::string> parse_email(const std::string& body) {
  // dex ignores a decoding error here and reports only that no email came.
  std::string email;
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  try {
    if (j.is_object()) {
      base::JsonFields f(j, "emails");
      for (const nlohmann::json* element : f.array("elements")) {
        if (!element->is_object()) continue;
        base::JsonFields e(*element, "element");
        email = e.object("handle~").string("emailAddress");
      }
    }
  } catch (const base::ConfigError&) {
    email.clear();
  }
  if (email.empty()) return failed("email is not set");
  return email;
}

}  // namespace dexcc::connector::linkedin
