// GitLab userinfo groups, their role suffixes and the required-groups filter.
#include "connector/gitlab/groups.h"

#include <algorithm>

namespace dexcc::connector::gitlab {
namespace {

bool read_strings(const nlohmann::json& j, const char* key, std::vector<std::string>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_array()) return false;
  for (const auto& v : *it) {
    if (!v.is_string()) return false;
    out.push_back(v.get<std::string>());
  }
  return true;
}

// The group itself, or one of its subgroups ("a/b" under "a").
bool covers(const std::string& role_path, const std::string& group) {
  return group == role_path ||
         (group.size() > role_path.size() && group.starts_with(role_path) && group[role_path.size()] == '/');
}

}  // namespace

std::optional<UserInfo> parse_userinfo(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  UserInfo info;
  // Go matches the untagged Groups field case-insensitively.
  const char* groups_key = "groups";
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string lower = it.key();
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == "groups") groups_key = it.key().c_str();
  }
  if (!read_strings(j, groups_key, info.groups) ||
      !read_strings(j, "https://gitlab.org/claims/groups/owner", info.owner) ||
      !read_strings(j, "https://gitlab.org/claims/groups/maintainer", info.maintainer) ||
      !read_strings(j, "https://gitlab.org/claims/groups/developer", info.developer)) {
    return std::nullopt;
  }
  return info;
}

std::vector<std::string> with_permissions(const UserInfo& info) {
  std::vector<std::string> out = info.groups;
  const std::pair<const std::vector<std::string>*, const char*> roles[] = {
      {&info.owner, ":owner"}, {&info.maintainer, ":maintainer"}, {&info.developer, ":developer"}};
  for (const auto& group : info.groups) {
    for (const auto& [paths, suffix] : roles) {
      auto match =
          std::find_if(paths->begin(), paths->end(), [&](const std::string& p) { return covers(p, group); });
      if (match != paths->end()) {
        out.push_back(group + suffix);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> filter_groups(const std::vector<std::string>& given,
                                       const std::vector<std::string>& required) {
  std::vector<std::string> kept;
  for (const auto& g : given) {
    if (std::find(required.begin(), required.end(), g) != required.end()) kept.push_back(g);
  }
  return kept;
}

}  // namespace dexcc::connector::gitlab
