// Decoding the keystone config with dex's domain rule.
#include "connector/keystone/config.h"

#include "base/json_fields.h"
#include "base/log.h"
#include "base/text.h"

namespace dexcc::connector::keystone {
namespace {

bool hyphenated_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen ? s[i] != '-' : base::hex_digit_value(s[i]) < 0) return false;
  }
  return true;
}

}  // namespace

bool is_uuid(std::string_view s) {
  if (s.size() == 32) {
    for (char c : s) {
      if (base::hex_digit_value(c) < 0) return false;
    }
    return true;
  }
  if (s.size() == 45 && base::ascii_iequals(s.substr(0, 9), "urn:uuid:")) return hyphenated_uuid(s.substr(9));
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') return hyphenated_uuid(s.substr(1, 36));
  return hyphenated_uuid(s);
}

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  std::string domain = f.string("domain");
  if (domain == "default" || is_uuid(domain)) {
    c.domain.id = std::move(domain);
  } else {
    c.domain.name = std::move(domain);
  }
  c.host = f.string("keystoneHost");
  c.admin_username = f.string("keystoneUsername");
  c.admin_password = f.string("keystonePassword");
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::keystone
