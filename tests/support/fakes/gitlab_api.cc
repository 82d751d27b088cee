// FakeGitlab's routes.
#include "support/fakes/gitlab_api.h"

namespace dexcc::testing {

FakeGitlab::FakeGitlab(GitlabAccount account)
    : oauth_(OAuthAppConfig{.expires_in = 7200}),
      account_(std::move(account)),
      server_([this](const ReceivedRequest& r) { return handle(r); }) {}

std::vector<ReceivedRequest> FakeGitlab::requests_to(const std::string& path) const {
  std::vector<ReceivedRequest> out;
  for (const auto& e : server_.exchanges()) {
    if (split_target(e.request.target).path == path) out.push_back(e.request);
  }
  return out;
}

void FakeGitlab::set_account(GitlabAccount account) {
  std::lock_guard lock(mutex_);
  account_ = std::move(account);
}

void FakeGitlab::fail(const std::string& path, int status) {
  std::lock_guard lock(mutex_);
  if (status == 0) {
    failures_.erase(path);
  } else {
    failures_[path] = status;
  }
}

void FakeGitlab::set_rate_limited(bool limited) {
  std::lock_guard lock(mutex_);
  rate_limited_ = limited;
}

FakeResponse FakeGitlab::handle(const ReceivedRequest& request) {
  SplitTarget target = split_target(request.target);
  std::lock_guard lock(mutex_);
  if (auto f = failures_.find(target.path); f != failures_.end()) {
    return json_response(f->second, R"({"message":"500 Internal Server Error"})");
  }
  if (rate_limited_) {
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
