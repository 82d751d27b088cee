// GitHub REST reads over the shared upstream GET, following Link pagination.
#include "connector/github/api.h"

#include <fmt/format.h>

#include "base/log.h"
#include "connector/github/pagination.h"
#include "connector/upstream/api_error.h"
#include "connector/upstream/api_get.h"

namespace dexcc::connector::github {
namespace {

// A string member, "" when absent or null (Go leaves the field empty); false when another type.
bool string_member(const nlohmann::json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool bool_member(const nlohmann::json& j, const char* key, bool& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_boolean()) return false;
  out = it->get<bool>();
  return true;
}

std::unexpected<Error> undecodable(std::string_view what) {
  return failed(fmt::format("failed to decode response: {}", what));
}

}  // namespace

Result<std::vector<nlohmann::json>> Api::all_pages(const std::string& path) const {
  std::vector<nlohmann::json> items;
  std::string url = api_url_ + path;
  while (!url.empty()) {
    auto page = upstream::api_get(client_, url, access_token_, "github");
    if (!page) return std::unexpected(page.error());
    if (!page->body.is_array()) return undecodable("not a JSON array");
    for (auto& item : page->body) items.push_back(std::move(item));
    url = next_page(url, page->headers.get("Link").value_or(""));
  }
  return items;
}

Result<User> Api::user() const {
  auto answer = upstream::api_get(client_, api_url_ + "/user", access_token_, "github");
  if (!answer) return std::unexpected(answer.error());
  const nlohmann::json& j = answer->body;
  if (!j.is_object()) return undecodable("not a JSON object");
  User u;
  if (auto id = j.find("id"); id != j.end() && !id->is_null()) {
    if (!id->is_number_integer()) return undecodable("id is not an integer");
    u.id = id->get<int64_t>();
  }
  if (!string_member(j, "login", u.login) || !string_member(j, "name", u.name) ||
      !string_member(j, "email", u.email)) {
    return undecodable("login, name or email is not a string");
  }
  return u;
}

Result<std::vector<Email>> Api::emails() const {
  auto items = all_pages("/user/emails");
  if (!items) return std::unexpected(items.error());
  std::vector<Email> emails;
  for (const auto& item : *items) {
    Email e;
    if (!item.is_object() || !string_member(item, "email", e.email) ||
        !bool_member(item, "verified", e.verified) || !bool_member(item, "primary", e.primary)) {
      return undecodable("an email entry has the wrong shape");
    }
    emails.push_back(std::move(e));
  }
  return emails;
}

Result<bool> Api::in_org(const std::string& org, const std::string& login) const {
  std::string url = fmt::format("{}/orgs/{}/members/{}", api_url_, org, login);
  auto response =
      client_.send(http_client::Request{.url = url, .headers = upstream::bearer_headers(access_token_)});
  if (!response) return failed(fmt::format("github: get teams: {}", response.error().message));
  switch (response->status) {
    case 204:
      return true;
    case 302:
    case 404:
      log::info("user not in org or application not authorized to read org data",
                {{"user", login}, {"org", org}});
      return false;
    default:
      return failed(
          fmt::format("github: unexpected return status: \"{}\"", upstream::go_status(response->status)));
  }
}

Result<std::vector<Team>> Api::teams() const {
  auto items = all_pages("/user/teams");
  if (!items) return failed(fmt::format("github: get teams: {}", items.error().message));
  std::vector<Team> teams;
  for (const auto& item : *items) {
    Team t;
    bool ok = item.is_object() && string_member(item, "name", t.name) && string_member(item, "slug", t.slug);
    if (ok) {
      auto org = item.find("organization");
      if (org != item.end() && org->is_object()) ok = string_member(*org, "login", t.org);
    }
    if (!ok) return failed("github: get teams: failed to decode response: a team has the wrong shape");
    teams.push_back(std::move(t));
  }
  return teams;
}

Result<std::vector<std::string>> Api::orgs() const {
  auto items = all_pages("/user/orgs");
  if (!items) return failed(fmt::format("github: get orgs: {}", items.error().message));
  std::vector<std::string> logins;
  for (const auto& item : *items) {
    std::string login;
    if (!item.is_object() || !string_member(item, "login", login)) {
      return failed("github: get orgs: failed to decode response: an org has the wrong shape");
    }
    logins.push_back(std::move(login));
  }
  return logins;
}

}  // namespace dexcc::connector::github
