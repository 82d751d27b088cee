// GitHub org and team membership turned into dex's group names.
#include "connector/github/groups.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/log.h"

namespace dexcc::connector::github {
namespace {

// dex asks /user/teams again for every org it checks, and keeps the teams of that org.
Result<std::vector<std::string>> teams_for_org(const Config& config, const Api& api, const std::string& org) {
  auto teams = api.teams();
  if (!teams) return std::unexpected(teams.error());
  std::vector<std::string> names;
  for (const Team& t : *teams) {
    if (t.org != org) continue;
    for (auto& claim : team_claims(t, config.team_name_field)) names.push_back(std::move(claim));
  }
  return names;
}

Result<std::vector<std::string>> groups_for_orgs(const Config& config, const Api& api,
                                                 const std::string& login) {
  std::vector<std::string> groups;
  bool in_org_without_teams = false;
  for (const Org& org : config.orgs) {
    auto member = api.in_org(org.name, login);
    if (!member) return std::unexpected(member.error());
    if (!*member) continue;
    auto teams = teams_for_org(config, api, org.name);
    if (!teams) return teams;
    if (org.teams.empty()) {
      in_org_without_teams = true;
    } else {
      *teams = filter_teams(*teams, org.teams);
      if (teams->empty()) log::info("user in org but no teams", {{"user", login}, {"org", org.name}});
    }
    for (const auto& team : *teams) groups.push_back(org.name + ":" + team);
  }
  if (in_org_without_teams || !groups.empty()) return groups;
  return failed(fmt::format("github: user \"{}\" not in required orgs or teams", login));
}

// loadAllGroups: each org the user belongs to, followed by its teams as "org:team".
Result<std::vector<std::string>> all_groups(const Config& config, const Api& api) {
  auto orgs = api.orgs();
  if (!orgs) return std::unexpected(orgs.error());
  auto teams = api.teams();
  if (!teams) return std::unexpected(teams.error());
  std::map<std::string, std::vector<std::string>> by_org;
  for (const Team& t : *teams) {
    for (auto& claim : team_claims(t, config.team_name_field)) by_org[t.org].push_back(std::move(claim));
  }
  std::vector<std::string> groups;
  for (const auto& org : *orgs) {
    groups.push_back(org);
    for (const auto& team : by_org[org]) groups.push_back(org + ":" + team);
  }
  return groups;
}

}  // namespace

bool groups_required(const Config& config, bool groups_scope) {
  return !config.orgs.empty() || !config.org.empty() || groups_scope;
}

std::vector<std::string> team_claims(const Team& team, TeamNameField field) {
  switch (field) {
    case TeamNameField::kBoth:
      return {team.name, team.slug};
    case TeamNameField::kSlug:
      return {team.slug};
    case TeamNameField::kName:
      break;
  }
  return {team.name};
}

std::vector<std::string> filter_teams(const std::vector<std::string>& user_teams,
                                      const std::vector<std::string>& config_teams) {
  std::vector<std::string> kept;
  for (const auto& team : user_teams) {
    if (std::find(config_teams.begin(), config_teams.end(), team) != config_teams.end()) kept.push_back(team);
  }
  return kept;
}

Result<std::vector<std::string>> user_groups(const Config& config, const Api& api, bool groups_scope,
                                             const std::string& login) {
  if (!config.orgs.empty()) return groups_for_orgs(config, api, login);
  if (!config.org.empty()) return teams_for_org(config, api, config.org);
  if (groups_scope && config.load_all_groups) return all_groups(config, api);
  return std::vector<std::string>{};
}

}  // namespace dexcc::connector::github
