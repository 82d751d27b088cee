// Gitea team paging and dex's org filter.
#include "connector/gitea/groups.h"

#include <fmt/format.h>

#include <set>

#include "connector/upstream/api_get.h"

namespace dexcc::connector::gitea {

Result<std::vector<std::string>> team_groups(const http_client::Client& client, const std::string& base_url,
                                             const std::string& access_token) {
  std::vector<std::string> groups;
  std::set<std::string> seen;
  auto add = [&](std::string g) {
    if (seen.insert(g).second) groups.push_back(std::move(g));
  };
  for (int page = 1;; ++page) {
    std::string url = fmt::format("{}/api/v1/user/teams?page={}&limit=20", base_url, page);
    auto answer = upstream::api_get(client, url, access_token, "gitea");
    if (!answer) return std::unexpected(answer.error());
    if (!answer->body.is_array()) return failed("failed to decode response: not a JSON array");
    if (answer->body.empty()) break;
    for (const auto& team : answer->body) {
      auto org = team.is_object() ? team.find("organization") : team.end();
      std::string org_name, team_name;
      if (org != team.end() && org->is_object() && org->contains("username") &&
          (*org)["username"].is_string()) {
        org_name = (*org)["username"].get<std::string>();
      }
      if (team.is_object() && team.contains("name") && team["name"].is_string()) {
        team_name = team["name"].get<std::string>();
      }
      add(org_name);
      add(org_name + ":" + team_name);
    }
  }
  return groups;
}

Result<std::vector<std::string>> filter_by_orgs(const std::vector<std::string>& groups,
                                                const std::vector<Org>& orgs) {
  std::set<std::string> allowed;
  for (const Org& o : orgs) {
    allowed.insert(o.name);
    for (const auto& t : o.teams) allowed.insert(o.name + ":" + t);
  }
  std::vector<std::string> kept;
  for (const auto& g : groups) {
    if (allowed.contains(g)) kept.push_back(g);
  }
  if (kept.empty()) return failed("gitea: User does not belong to any of the approved groups");
  return kept;
}

}  // namespace dexcc::connector::gitea
