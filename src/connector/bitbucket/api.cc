// Bitbucket Cloud REST reads over the shared upstream GET, following `next` links.
#include "connector/bitbucket/api.h"

#include <fmt/format.h>

#include "connector/upstream/api_get.h"

namespace dexcc::connector::bitbucket {
namespace {

std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.is_object() ? j.find(key) : j.end();
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const nlohmann::json& j, const char* key) {
  auto it = j.is_object() ? j.find(key) : j.end();
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

bool primary_confirmed(const nlohmann::json& email) {
  return flag(email, "is_confirmed") && flag(email, "is_primary");
}

// A page of a paged Bitbucket list ({"values": [...], "next": "<url>"}); nullopt when it is not.
bool is_page(const nlohmann::json& j) {
  return j.is_object() && (!j.contains("values") || j["values"].is_array() || j["values"].is_null());
}

}  // namespace

Result<std::vector<nlohmann::json>> Api::all_values(std::string url, bool stop_at_primary_email) const {
  std::vector<nlohmann::json> values;
  while (!url.empty()) {
    auto page = upstream::api_get(client_, url, access_token_, "bitbucket");
    if (!page) return std::unexpected(page.error());
    if (!is_page(page->body)) return failed("failed to decode response: not a paged list");
    if (page->body.contains("values") && page->body["values"].is_array()) {
      for (auto& v : page->body["values"]) {
        values.push_back(std::move(v));
        if (stop_at_primary_email && primary_confirmed(values.back())) return values;
      }
    }
    // dex v2.45.1 fetches the same URL again here; the next page is what is meant.
    url = text(page->body, "next");
  }
  return values;
}

Result<User> Api::user() const {
  auto answer = upstream::api_get(client_, endpoints_.api_url + "/user", access_token_, "bitbucket");
  if (!answer) return std::unexpected(answer.error());
  if (!answer->body.is_object()) return failed("failed to decode response: not a JSON object");
  User u{text(answer->body, "username"), text(answer->body, "uuid"), ""};
  auto emails = all_values(endpoints_.api_url + "/user/emails", true);
  if (!emails) return std::unexpected(emails.error());
  for (const auto& e : *emails) {
    if (primary_confirmed(e)) {
      u.email = text(e, "email");
      return u;
    }
  }
  return failed("bitbucket: user has no confirmed, primary email");
}

Result<std::vector<std::string>> Api::workspaces(bool team_groups) const {
  auto values = all_values(endpoints_.api_url + "/user/permissions/workspaces", false);
  if (!values) return failed(fmt::format("get user teams: {}", values.error().message));
  std::vector<std::string> teams;
  for (const auto& v : *values) {
    teams.push_back(v.is_object() && v.contains("workspace") ? text(v["workspace"], "slug") : std::string());
  }
  if (!team_groups) return teams;
  size_t workspace_count = teams.size();
  for (size_t i = 0; i < workspace_count; ++i) {
    const std::string team = teams[i];
    auto groups =
        upstream::api_get(client_, endpoints_.legacy_api_url + "/groups/" + team, access_token_, "bitbucket");
    if (!groups) {
      return failed(fmt::format("get user team \"{}\" groups: get user team \"{}\" groups: {}", team, team,
                                groups.error().message));
    }
    if (!groups->body.is_array()) return failed("failed to decode response: not a JSON array");
    for (const auto& g : groups->body) teams.push_back(team + "/" + text(g, "slug"));
  }
  return teams;
}

}  // namespace dexcc::connector::bitbucket
