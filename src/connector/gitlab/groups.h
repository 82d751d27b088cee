// A GitLab user's groups from /oauth/userinfo with dex's rules (reference §2.3). Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "connector/connector.h"

namespace dexcc::connector::gitlab {

struct UserInfo {
  std::vector<std::string> groups;                        // full paths
  std::vector<std::string> owner, maintainer, developer;  // the https://gitlab.org/claims/groups/* claims
};

// nullopt when a member has the wrong type (Go's decode fails).
std::optional<UserInfo> parse_userinfo(const nlohmann::json& json);

// getGroupsPermission: the groups, then "path:role" for each group whose path equals a role's
// path or lies under it, the first match in owner, maintainer, developer order.
std::vector<std::string> with_permissions(const UserInfo& info);

// pkg/groups.Filter: the given groups that are required, in the given order.
std::vector<std::string> filter_groups(const std::vector<std::string>& given,
                                       const std::vector<std::string>& required);

}  // namespace dexcc::connector::gitlab
