// The oidc connector's claim mapping, in the order dex applies its rules.
#include "connector/oidc/claims.h"

#include <fmt/format.h>

#include <algorithm>

namespace dexcc::connector::oidc {
namespace {

// claims[key].(string) in Go: present and a string.
const std::string* string_claim(const nlohmann::json& claims, const std::string& key) {
  auto it = claims.find(key);
  return it != claims.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

const nlohmann::json* array_claim(const nlohmann::json& claims, const std::string& key) {
  auto it = claims.find(key);
  return it != claims.end() && it->is_array() ? &*it : nullptr;
}

bool filtered_out(const ClaimRules& rules, const std::string& group) {
  return rules.groups_filter && !std::regex_search(group, *rules.groups_filter);
}

// The groups claim: an array of strings or of objects with a "name", or one string.
Result<std::vector<std::string>> read_groups(const nlohmann::json& claims, const ClaimRules& rules) {
  std::string key = "groups";
  const nlohmann::json* list = array_claim(claims, key);
  if ((!list || rules.override_claim_mapping) && !rules.groups_key.empty()) {
    key = rules.groups_key;
    list = array_claim(claims, key);
  }
  std::vector<std::string> groups;
  // A single string is one group (and, as in dex, not filtered).
  if (const std::string* one = string_claim(claims, key)) groups.push_back(*one);
  if (!list) return groups;
  for (const auto& v : *list) {
    const std::string* name = nullptr;
    if (v.is_string()) {
      name = &v.get_ref<const std::string&>();
    } else if (v.is_object()) {
      name = string_claim(v, "name");
      if (!name) continue;  // an object without a string "name" is skipped
    } else {
      return failed(fmt::format("malformed \"{}\" claim", key));
    }
    if (!filtered_out(rules, *name)) groups.push_back(*name);
  }
  return groups;
}

std::vector<std::string> intersect(const std::vector<std::string>& groups,
                                   const std::vector<std::string>& allowed) {
  std::vector<std::string> out;
  for (const auto& g : groups) {
    if (std::find(allowed.begin(), allowed.end(), g) != allowed.end()) out.push_back(g);
  }
  return out;
}

std::optional<std::string> new_group(const nlohmann::json& claims, const NewGroupFromClaims& rule) {
  std::string group = rule.prefix;
  bool found = false;
  for (const auto& name : rule.claims) {
    const std::string* value = string_claim(claims, name);
    if (!value) continue;  // non-string claims cannot be joined meaningfully
    std::string part = *value;
    if (rule.clear_delimiter && !rule.delimiter.empty()) {
      for (size_t at; (at = part.find(rule.delimiter)) != std::string::npos;)
        part.erase(at, rule.delimiter.size());
    }
    group += rule.delimiter;
    group += part;
    found = true;
  }
  if (!found) return std::nullopt;
  return group;
}

}  // namespace

Result<Identity> map_claims(const nlohmann::json& claims, const ClaimRules& rules) {
  if (!claims.is_object()) return failed("oidc: claims are not a JSON object");
  Identity id;
  const std::string* sub = string_claim(claims, "sub");
  if (!sub) return failed("missing \"sub\" claim");
  id.user_id = *sub;

  std::string name_key = rules.user_name_key.empty() ? "name" : rules.user_name_key;
  const std::string* name = string_claim(claims, name_key);
  if (!name) return failed(fmt::format("missing \"{}\" claim", name_key));
  id.username = *name;

  const std::string* preferred = string_claim(claims, "preferred_username");
  if ((!preferred || rules.override_claim_mapping) && !rules.preferred_username_key.empty()) {
    preferred = string_claim(claims, rules.preferred_username_key);
  }
  if (preferred) id.preferred_username = *preferred;

  std::string email_key = "email";
  const std::string* email = string_claim(claims, email_key);
  if ((!email || rules.override_claim_mapping) && !rules.email_key.empty()) {
    email_key = rules.email_key;
    email = string_claim(claims, email_key);
  }
  if (!email && rules.email_scope)
    return failed(fmt::format("missing email claim, not found \"{}\" key", email_key));
  if (email) id.email = *email;

  auto verified = claims.find("email_verified");
  if (verified != claims.end() && verified->is_boolean()) {
    id.email_verified = verified->get<bool>();
  } else if (rules.insecure_skip_email_verified) {
    id.email_verified = true;
  } else if (rules.email_scope) {
    return failed("missing \"email_verified\" claim");
  }

  if (rules.insecure_enable_groups) {
    auto groups = read_groups(claims, rules);
    if (!groups) return std::unexpected(groups.error());
    id.groups = std::move(*groups);
    if (!rules.allowed_groups.empty()) {
      id.groups = intersect(id.groups, rules.allowed_groups);
      if (id.groups.empty()) return failed("user not a member of allowed groups");
    }
    for (auto& g : id.groups) g = rules.group_prefix + g + rules.group_suffix;
  }
  for (const auto& rule : rules.new_group_from_claims) {
    if (auto g = new_group(claims, rule)) id.groups.push_back(std::move(*g));
  }

  if (!rules.user_id_key.empty()) {
    const std::string* user_id = string_claim(claims, rules.user_id_key);
    if (!user_id) return failed(fmt::format("oidc: not found {} claim", rules.user_id_key));
    id.user_id = *user_id;
  }
  return id;
}

}  // namespace dexcc::connector::oidc
