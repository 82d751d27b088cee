// Attribute mapping and group rules as dex v2.45.1 applies them.
#include "connector/saml/identity.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/log.h"

namespace dexcc::connector::saml {
namespace {

const SamlAttribute* find(const ValidAssertion& a, const std::string& name) {
  for (const auto& attr : a.attributes) {
    if (attr.name == name) return &attr;
  }
  return nullptr;
}

std::string names(const ValidAssertion& a) {
  std::string out;
  for (const auto& attr : a.attributes) out += (out.empty() ? "\"" : ", \"") + attr.name + "\"";
  return "[" + out + "]";
}

std::vector<std::string> split(const std::string& s, const std::string& delim) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(delim, pos);
    if (next == std::string::npos) break;
    out.push_back(s.substr(pos, next - pos));
    pos = next + delim.size();
  }
  out.push_back(s.substr(pos));
  return out;
}

}  // namespace

Result<Identity> map_identity(const Config& config, const Scopes& scopes, const ValidAssertion& a) {
  for (const auto& attr : a.attributes) {
    log::info("saml: attribute received",
              {{"name", attr.name}, {"values", fmt::format("{}", fmt::join(attr.values, ", "))}});
  }
  Identity id;
  id.user_id = a.name_id;
  id.email_verified = true;
  const SamlAttribute* email = find(a, config.email_attr);
  if (!email || email->values.empty()) {
    return failed(fmt::format("no attribute with name \"{}\": {}", config.email_attr, names(a)));
  }
  id.email = email->values.front();
  const SamlAttribute* username = find(a, config.username_attr);
  if (!username || username->values.empty()) {
    return failed(fmt::format("no attribute with name \"{}\": {}", config.username_attr, names(a)));
  }
  id.username = username->values.front();

  if (config.allowed_groups.empty() && (!scopes.groups || config.groups_attr.empty())) return id;
  if (!scopes.groups || config.groups_attr.empty()) return failed("user not a member of allowed groups");

  if (!config.groups_delim.empty()) {
    const SamlAttribute* groups = find(a, config.groups_attr);
    if (!groups || groups->values.empty()) {
      return failed(fmt::format("no attribute with name \"{}\": {}", config.groups_attr, names(a)));
    }
    id.groups = split(groups->values.front(), config.groups_delim);
  } else {
    bool found = false;
    for (const auto& attr : a.attributes) {
      if (attr.name != config.groups_attr) continue;
      found = true;
      id.groups.insert(id.groups.end(), attr.values.begin(), attr.values.end());
    }
    if (!found) return failed(fmt::format("no attribute with name \"{}\": {}", config.groups_attr, names(a)));
  }
  if (config.allowed_groups.empty()) return id;
  std::vector<std::string> matches;
  for (const auto& g : id.groups) {
    if (std::find(config.allowed_groups.begin(), config.allowed_groups.end(), g) !=
        config.allowed_groups.end()) {
      matches.push_back(g);
    }
  }
  if (matches.empty()) return failed("user not a member of allowed groups");
  if (config.filter_groups) id.groups = std::move(matches);
  return id;
}

}  // namespace dexcc::connector::saml
