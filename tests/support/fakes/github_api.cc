// FakeGithub's routes: the OAuth app, the REST reads with Link pagination, and GitHub's errors.
#include "support/fakes/github_api.h"

#include <nlohmann/json.hpp>

namespace dexcc::testing {
namespace {

FakeResponse github_error(int status, const std::string& message) {
  return json_response(
      status,
      nlohmann::json{{"message", message}, {"documentation_url", "https://docs.github.com/rest"}}.dump());
}

}  // namespace

FakeGithub::FakeGithub(GithubAccount account, std::optional<FakeTls> tls, std::string api_prefix)
    : api_prefix_(std::move(api_prefix)),
      oauth_(OAuthAppConfig{.form_encoded_tokens = true}),
      account_(std::move(account)),
      server_([this](const ReceivedRequest& r) { return handle(r); }, std::move(tls)) {}

void FakeGithub::set_account(GithubAccount account) {
  std::lock_guard lock(mutex_);
  account_ = std::move(account);
}

void FakeGithub::set_page_size(size_t size) {
  std::lock_guard lock(mutex_);
  page_size_ = size;
}

void FakeGithub::set_rate_limit_remaining(int remaining) {
  std::lock_guard lock(mutex_);
  rate_limit_remaining_ = remaining;
}

FakeResponse FakeGithub::handle(const ReceivedRequest& request) {
  SplitTarget target = split_target(request.target);
  if (target.path == "/login/oauth/authorize" && request.method == "GET")
    return oauth_.authorize(target.query);
  if (target.path == "/login/oauth/access_token" && request.method == "POST") return oauth_.token(request);
  if (!target.path.starts_with(api_prefix_)) return github_error(404, "Not Found");
  target.path.erase(0, api_prefix_.size());
  std::lock_guard lock(mutex_);
  if (auto status = failures_.status_for(target.path)) {
    return github_error(*status, "Server Error");
  }
  if (rate_limit_remaining_ <= 0) {
    FakeResponse r =
        github_error(403, "API rate limit exceeded for user ID " + std::to_string(account_.id) + ".");
    r.headers.emplace_back("X-RateLimit-Limit", "5000");
    r.headers.emplace_back("X-RateLimit-Remaining", "0");
    r.headers.emplace_back("X-RateLimit-Reset", "1893456000");
    return r;
  }
  --rate_limit_remaining_;
  if (!oauth_.authorized(request)) return github_error(401, "Bad credentials");
  FakeResponse r = api(target, request);
  r.headers.emplace_back("X-RateLimit-Remaining", std::to_string(rate_limit_remaining_));
  return r;
}

FakeResponse FakeGithub::page(const SplitTarget& target, const nlohmann::json& items) const {
  size_t per_page = page_size_;
  if (auto p = target.query.get("per_page"); !p.empty()) per_page = std::stoul(std::string(p));
  size_t number = 1;
  if (auto p = target.query.get("page"); !p.empty()) number = std::stoul(std::string(p));
  size_t pages = std::max<size_t>(1, (items.size() + per_page - 1) / per_page);
  nlohmann::json body = nlohmann::json::array();
  for (size_t i = (number - 1) * per_page; i < items.size() && i < number * per_page; ++i)
    body.push_back(items[i]);
  FakeResponse r = json_response(200, body.dump());
  if (pages > 1) {
    auto link = [&](size_t n, const char* rel) {
      return "<" + url(api_prefix_ + target.path) + "?page=" + std::to_string(n) + ">; rel=\"" + rel + "\"";
    };
    std::string header;
    // As GitHub: next and last while there are more pages, prev and first after the first one.
    if (number < pages) header = link(number + 1, "next") + ", " + link(pages, "last");
    if (number > 1)
      header += (header.empty() ? "" : ", ") + link(number - 1, "prev") + ", " + link(1, "first");
    r.headers.emplace_back("Link", header);
  }
  return r;
}

FakeResponse FakeGithub::api(const SplitTarget& target, const ReceivedRequest& request) {
  if (request.method != "GET") return github_error(404, "Not Found");
  const GithubAccount& a = account_;
  if (target.path == "/user") {
    nlohmann::json user{{"login", a.login}, {"id", a.id}, {"name", a.name}, {"type", "User"}};
    user["email"] = a.email.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.email);
    return json_response(200, user.dump());
  }
  if (target.path == "/user/emails") {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : a.emails) {
      items.push_back(
          {{"email", e.email}, {"verified", e.verified}, {"primary", e.primary}, {"visibility", "private"}});
    }
    return page(target, items);
  }
  if (target.path == "/user/teams") {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : a.teams) {
      items.push_back({{"name", t.name}, {"slug", t.slug}, {"organization", {{"login", t.org}}}});
    }
    return page(target, items);
  }
  if (target.path == "/user/orgs") {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& o : a.orgs) items.push_back({{"login", o}});
    return page(target, items);
  }
  // /orgs/{org}/members/{user} and the public_members URL a non-member is redirected to.
  const std::string orgs = "/orgs/";
  if (target.path.starts_with(orgs)) {
    std::string rest = target.path.substr(orgs.size());
    size_t slash = rest.find('/');
    std::string org = rest.substr(0, slash);
    std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
    bool member = std::find(a.orgs.begin(), a.orgs.end(), org) != a.orgs.end();
    if (tail == "/members/" + a.login) {
      if (member) return FakeResponse{.status = 204};
      return FakeResponse{
          .status = 302,
          .headers = {{"Location", url(api_prefix_ + "/orgs/" + org + "/public_members/" + a.login)}}};
    }
    if (tail == "/public_members/" + a.login) return FakeResponse{.status = 404};
  }
  return github_error(404, "Not Found");
}

}  // namespace dexcc::testing
