// FakeGitlab's routes.
#include "support/fakes/gitlab_api.h"

namespace dexcc::testing {

FakeGitlab::FakeGitlab(GitlabAccount account)
    : oauth_(OAuthAppConfig{.expires_in = 7200}),
      account_(std::move(account)),
      server_([this](const ReceivedRequest& r) { return handle(r); }) {}

void FakeGitlab::set_account(GitlabAccount account) {
  std::lock_guard lock(mutex_);
  account_ = std::move(account);
}

FakeResponse FakeGitlab::handle(const ReceivedRequest& request) {
  SplitTarget target = split_target(request.target);
  std::lock_guard lock(mutex_);
  if (auto status = failures_.status_for(target.path)) {
    return json_response(*status, R"({"message":"500 Internal Server Error"})");
  }
  if (failures_.rate_limited()) {
    // GitLab's rack-attack answer.
    return FakeResponse{.status = 429,
                        .headers = {{"Retry-After", "60"}, {"Content-Type", "text/plain"}},
                        .body = "Retry later\n"};
  }
  if (target.path == "/oauth/authorize" && request.method == "GET") return oauth_.authorize(target.query);
  if (target.path == "/oauth/token" && request.method == "POST") return oauth_.token(request);
  const GitlabAccount& a = account_;
  if (target.path == "/api/v4/user" && request.method == "GET") {
    if (!oauth_.authorized(request)) return json_response(401, R"({"message":"401 Unauthorized"})");
    return json_response(200, nlohmann::json{{"id", a.id},
                                             {"username", a.username},
                                             {"name", a.name},
                                             {"state", "active"},
                                             {"email", a.email},
                                             {"is_admin", false}}
                                  .dump());
  }
  if (target.path == "/oauth/userinfo" && request.method == "GET") {
    if (!oauth_.authorized(request)) {
      return json_response(401,
                           R"({"error":"invalid_token","error_description":"The access token is invalid"})");
    }
    nlohmann::json info{{"sub", std::to_string(a.id)}, {"nickname", a.username}, {"groups", a.groups}};
    if (!a.owner.empty()) info["https://gitlab.org/claims/groups/owner"] = a.owner;
    if (!a.maintainer.empty()) info["https://gitlab.org/claims/groups/maintainer"] = a.maintainer;
    if (!a.developer.empty()) info["https://gitlab.org/claims/groups/developer"] = a.developer;
    return json_response(200, info.dump());
  }
  return json_response(404, R"({"error":"404 Not Found"})");
}

}  // namespace dexcc::testing
