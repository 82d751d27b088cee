// Decoding the authproxy config with dex v2.45.1's header defaults.
#include "connector/authproxy/config.h"

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::connector::authproxy {
namespace {

// An absent or empty key keeps the default, as dex's `if c.X == "" { c.X = default }`.
void read(base::JsonFields& f, std::string_view key, std::string& out) {
  std::string value = f.string(key);
  if (!value.empty()) out = std::move(value);
}

}  // namespace

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  read(f, "userIDHeader", c.user_id_header);
  read(f, "userHeader", c.user_header);
  read(f, "userNameHeader", c.user_name_header);
  read(f, "emailHeader", c.email_header);
  read(f, "groupHeader", c.group_header);
  read(f, "groupHeaderSeparator", c.group_header_separator);
  c.static_groups = f.strings("staticGroups");
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::authproxy
