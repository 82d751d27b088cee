// A Gitea user's groups (reference §2.11): every team as "org" and "org:team" from
// /api/v1/user/teams (20 a page until an empty page), de-duplicated, then the `orgs` filter.
#pragma once

#include <string>
#include <vector>

#include "connector/connector.h"
#include "connector/gitea/config.h"
#include "http_client/client.h"

namespace dexcc::connector::gitea {

// All of the user's teams as dex names them, in the order Gitea lists them, without repeats.
Result<std::vector<std::string>> team_groups(const http_client::Client& client, const std::string& base_url,
                                             const std::string& access_token);

// Keeps the groups named by `orgs` (an org, or "org:team" for a listed team); none left is dex's
// "gitea: User does not belong to any of the approved groups".
Result<std::vector<std::string>> filter_by_orgs(const std::vector<std::string>& groups,
                                                const std::vector<Org>& orgs);

}  // namespace dexcc::connector::gitea
