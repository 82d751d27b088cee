// From an upstream's ID token (and userinfo) claims to a dex Identity, with the oidc connector's
// mapping rules (reference dex-connectors-web-api.md §2.4 "Claim mapping"). Pure: no I/O.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "connector/connector.h"

namespace dexcc::connector::oidc {

// claimModifications.newGroupFromClaims[]: one extra group, prefix and claim values joined.
struct NewGroupFromClaims {
  std::vector<std::string> claims;
  std::string delimiter;
  bool clear_delimiter = false;
  std::string prefix;
};

struct ClaimRules {
  bool email_scope = true;  // the configured scopes hold "email": email and email_verified are required
  bool insecure_skip_email_verified = false;
  bool insecure_enable_groups = false;
  std::vector<std::string> allowed_groups;
  std::string user_id_key;    // empty: "sub"
  std::string user_name_key;  // empty: "name"
  bool override_claim_mapping = false;
  std::string preferred_username_key, email_key, groups_key;  // claimMapping
  std::optional<std::regex> groups_filter;                    // filterGroupClaims.groupsFilter
  std::string group_prefix, group_suffix;                     // modifyGroupNames
  std::vector<NewGroupFromClaims> new_group_from_claims;
};

// The identity the claims describe (connector_data left empty), or dex's error text:
// `missing "sub" claim`, `missing "name" claim`, `missing email claim, not found "email" key`,
// `missing "email_verified" claim`, `malformed "groups" claim`, `user not a member of allowed
// groups`, `oidc: not found <key> claim`.
Result<Identity> map_claims(const nlohmann::json& claims, const ClaimRules& rules);

}  // namespace dexcc::connector::oidc
