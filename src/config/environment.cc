// Environment lookups, os.ExpandEnv semantics, and the DEX_* feature flags.
#include "config/environment.h"

#include <cstdlib>

namespace dexcc::config {
namespace {

bool is_shell_special(char c) {
  return c == '*' || c == '#' || c == '$' || c == '@' || c == '!' || c == '?' || c == '-' || (c >= '0' && c <= '9');
}

bool is_alnum_or_underscore(char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Go's getShellName: the variable name after a '$' and how many bytes it spans. An empty name with
// a non-zero width means bad syntax whose bytes are swallowed.
std::pair<std::string_view, size_t> shell_name(std::string_view s) {
  if (s[0] == '{') {
    if (s.size() > 2 && is_shell_special(s[1]) && s[2] == '}') return {s.substr(1, 1), 3};
    for (size_t i = 1; i < s.size(); ++i) {
      if (s[i] == '}') {
        if (i == 1) return {{}, 2};  // "${}"
        return {s.substr(1, i - 1), i + 1};
      }
    }
    return {{}, 1};  // "${" without a closing brace
  }
  if (is_shell_special(s[0])) return {s.substr(0, 1), 1};
  size_t i = 0;
  while (i < s.size() && is_alnum_or_underscore(s[i])) ++i;
  return {s.substr(0, i), i};
}

std::optional<bool> parse_go_bool(std::string_view v) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (v == t) return true;
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (v == f) return false;
  }
  return std::nullopt;
}

}  // namespace

Getenv process_getenv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::string expand_env(std::string_view s, const Getenv& getenv) {
  std::string out;
  size_t j = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '$' || i + 1 >= s.size()) continue;
    out.append(s.substr(j, i - j));
    auto [name, width] = shell_name(s.substr(i + 1));
    if (name.empty() && width == 0) {
      out += '$';  // "$" followed by something that is not a name: keep the dollar
    } else if (!name.empty()) {
      out += getenv(name).value_or("");
    }
    j = i + 1 + width;
    i += width;
  }
  out.append(s.substr(std::min(j, s.size())));
  return out;
}

void expand_env_in_json(nlohmann::json& value, const Getenv& getenv) {
  if (value.is_string()) {
    value = expand_env(value.get_ref<const std::string&>(), getenv);
  } else if (value.is_object()) {
    for (auto& [key, item] : value.items()) expand_env_in_json(item, getenv);
  } else if (value.is_array()) {
    for (auto& item : value) {
      if (item.is_string() || item.is_object()) expand_env_in_json(item, getenv);
    }
  }
}

Features read_features(const Getenv& getenv) {
  Features f;
  auto flag = [&](const char* name, bool& target) {
    if (auto v = getenv(name)) {
      if (auto b = parse_go_bool(*v)) target = *b;
    }
  };
  flag("DEX_EXPAND_ENV", f.expand_env);
  flag("DEX_CONTINUE_ON_CONNECTOR_FAILURE", f.continue_on_connector_failure);
  flag("DEX_API_CONNECTORS_CRUD", f.api_connectors_crud);
  flag("DEX_CONFIG_DISALLOW_UNKNOWN_FIELDS", f.config_disallow_unknown_fields);
  flag("DEX_CLIENT_CREDENTIAL_GRANT_ENABLED_BY_DEFAULT", f.client_credential_grant_enabled_by_default);
  return f;
}

}  // namespace dexcc::config
