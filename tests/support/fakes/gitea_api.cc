// FakeGitea's routes.
#include "support/fakes/gitea_api.h"

#include <nlohmann/json.hpp>

namespace dexcc::testing {

FakeGitea::FakeGitea(GiteaAccount account)
    : oauth_(OAuthAppConfig{.expires_in = 3600}),
      account_(std::move(account)),
      server_([this](const ReceivedRequest& r) { return handle(r); }) {}

void FakeGitea::set_account(GiteaAccount account) {
  std::lock_guard lock(mutex_);
  account_ = std::move(account);
}

FakeResponse FakeGitea::teams_page(const SplitTarget& target) const {
  size_t page = 1, limit = 30;  // Gitea's default page size
  if (auto p = target.query.get("page"); !p.empty()) page = std::stoul(std::string(p));
  if (auto l = target.query.get("limit"); !l.empty()) limit = std::stoul(std::string(l));
  const auto& teams = account_.teams;
  nlohmann::json body = nlohmann::json::array();
  for (size_t i = (page - 1) * limit; i < teams.size() && i < page * limit; ++i) {
    body.push_back(
        {{"id", i + 1},
         {"name", teams[i].name},
         {"permission", "read"},
         {"organization", {{"id", 100}, {"username", teams[i].org}, {"full_name", teams[i].org}}}});
  }
  FakeResponse r = json_response(200, body.dump());
  r.headers.emplace_back("X-Total-Count", std::to_string(teams.size()));
  if (page * limit < teams.size()) {
    r.headers.emplace_back("Link", "<" + server_.url("/api/v1/user/teams") +
                                       "?limit=" + std::to_string(limit) +
                                       "&page=" + std::to_string(page + 1) + ">; rel=\"next\"");
  }
  return r;
}

FakeResponse FakeGitea::handle(const ReceivedRequest& request) {
  SplitTarget target = split_target(request.target);
  std::lock_guard lock(mutex_);
  if (auto status = failures_.status_for(target.path)) {
    return json_response(*status, R"({"message":"internal error","url":"https://docs.gitea.com/api"})");
  }
  if (failures_.rate_limited()) return json_response(429, R"({"message":"rate limit exceeded"})");
  if (target.path == "/login/oauth/authorize" && request.method == "GET")
    return oauth_.authorize(target.query);
  if (target.path == "/login/oauth/access_token" && request.method == "POST") return oauth_.token(request);
  if (!target.path.starts_with("/api/v1/")) return json_response(404, R"({"message":"not found"})");
  if (!oauth_.authorized(request)) {
    return json_response(401, R"({"message":"token is required","url":"https://docs.gitea.com/api"})");
  }
  const GiteaAccount& a = account_;
  if (target.path == "/api/v1/user" && request.method == "GET") {
    return json_response(200, nlohmann::json{{"id", a.id},
                                             {"login", a.login},
                                             {"full_name", a.full_name},
                                             {"email", a.email},
                                             {"is_admin", false}}
                                  .dump());
  }
  if (target.path == "/api/v1/user/teams" && request.method == "GET") return teams_page(target);
  return json_response(404, R"({"message":"not found"})");
}

}  // namespace dexcc::testing
