// A GitHub user's groups with dex's rules (reference §2.2, "Groups"): `orgs` with their team
// filters and membership checks, the legacy `org`, or every org and team with loadAllGroups.
#pragma once

#include <string>
#include <vector>

#include "connector/connector.h"
#include "connector/github/api.h"
#include "connector/github/config.h"

namespace dexcc::connector::github {

// Whether dex computes groups at all: orgs or org configured, or the client asked for groups.
bool groups_required(const Config& config, bool groups_scope);

// The names a team stands for: its name, its slug, or both (teamNameField).
std::vector<std::string> team_claims(const Team& team, TeamNameField field);

// `user_teams` kept when listed in `config_teams`, in the user's order.
std::vector<std::string> filter_teams(const std::vector<std::string>& user_teams,
                                      const std::vector<std::string>& config_teams);

// The groups, or dex's refusal "github: user "<login>" not in required orgs or teams" when `orgs`
// is configured and the user is in none of them (or in none of their listed teams).
Result<std::vector<std::string>> user_groups(const Config& config, const Api& api, bool groups_scope,
                                             const std::string& login);

}  // namespace dexcc::connector::github
