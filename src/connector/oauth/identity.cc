// Mapping a userinfo answer to an identity with dex's oauth connector rules.
#include "connector/oauth/identity.h"

#include <fmt/format.h>

#include <charconv>
#include <set>

#include "base/base64.h"

namespace dexcc::connector::oauth {
namespace {

// Go's %T of a decoded JSON value.
std::string_view go_type_name(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return "<nil>";
    case nlohmann::json::value_t::boolean:
      return "bool";
    case nlohmann::json::value_t::array:
      return "[]interface {}";
    case nlohmann::json::value_t::object:
      return "map[string]interface {}";
    default:
      return "float64";
  }
}

void add_groups(std::set<std::string>& groups, const nlohmann::json& claims, const std::string& key) {
  if (!claims.is_object()) return;
  auto it = claims.find(key);
  if (it == claims.end() || !it->is_array()) return;
  for (const auto& g : *it) {
    if (g.is_string()) groups.insert(g.get<std::string>());
    if (g.is_object()) {
      auto name = g.find("name");
      if (name != g.end() && name->is_string()) groups.insert(name->get<std::string>());
    }
  }
}

// The payload of a token that looks like a JWT; nothing is verified (dex reads it the same way).
nlohmann::json token_payload(std::string_view token) {
  size_t first = token.find('.');
  if (first == std::string_view::npos) return nullptr;
  std::string_view rest = token.substr(first + 1);
  std::string_view segment = rest.substr(0, rest.find('.'));
  while (segment.ends_with('=')) segment.remove_suffix(1);
  auto decoded = base::base64url_decode(segment);
  if (!decoded) return nullptr;
  return nlohmann::json::parse(*decoded, nullptr, false);
}

template <class T>
void optional_member(const nlohmann::json& j, const std::string& key, T& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if constexpr (std::is_same_v<T, bool>) {
    if (it->is_boolean()) out = it->get<bool>();
  } else {
    if (it->is_string()) out = it->get<std::string>();
  }
}

}  // namespace

std::string go_format_float(double value) {
  char digits[64];
  // The shortest digits that read back as `value`, in scientific form: "d.ddde±x".
  auto r = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::scientific);
  std::string sci(digits, r.ptr);
  size_t e = sci.find('e');
  int exponent = std::stoi(sci.substr(e + 1));
  if (exponent < -4 || exponent >= 6) {
    // Go writes at least two exponent digits: 1e+06, 1.5e-05.
    std::string mantissa = sci.substr(0, e);
    return fmt::format("{}e{}{:02d}", mantissa, exponent < 0 ? '-' : '+', std::abs(exponent));
  }
  r = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed);
  return std::string(digits, r.ptr);
}

Result<Identity> identity_from_userinfo(const nlohmann::json& userinfo, std::string_view access_token,
                                        const ClaimKeys& keys, bool groups) {
  if (!userinfo.is_object()) return failed("OAuth Connector: failed to parse userinfo: not a JSON object");
  auto id = userinfo.find(keys.user_id);
  if (id == userinfo.end()) return failed(fmt::format("OAuth Connector: not found {} claim", keys.user_id));
  Identity identity;
  if (id->is_string()) {
    identity.user_id = id->get<std::string>();
  } else if (id->is_number()) {
    // encoding/json decodes every number into a float64 first.
    identity.user_id = go_format_float(id->get<double>());
  } else {
    return failed(fmt::format("OAuth Connector: {} claim should be string or number, got {}", keys.user_id,
                              go_type_name(*id)));
  }
  optional_member(userinfo, keys.user_name, identity.username);
  optional_member(userinfo, keys.preferred_username, identity.preferred_username);
  optional_member(userinfo, keys.email, identity.email);
  optional_member(userinfo, keys.email_verified, identity.email_verified);
  if (groups) {
    std::set<std::string> all;
    add_groups(all, userinfo, keys.groups);
    add_groups(all, token_payload(access_token), keys.groups);
    identity.groups.assign(all.begin(), all.end());
  }
  return identity;
}

}  // namespace dexcc::connector::oauth
