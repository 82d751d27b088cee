// FakeOAuthApp: codes, access and refresh tokens kept in memory, client checks as GitHub, GitLab,
// Gitea and Bitbucket make them.
#include "support/fakes/git_hosting_oauth.h"

#include <nlohmann/json.hpp>

#include "base/base64.h"

namespace dexcc::testing {

SplitTarget split_target(const std::string& target) {
  size_t q = target.find('?');
  SplitTarget out{target.substr(0, q), {}};
  if (q != std::string::npos) out.query = http::parse_query(std::string_view(target).substr(q + 1)).values;
  return out;
}

void InjectedFailures::fail(const std::string& path, int status) {
  std::lock_guard lock(mutex_);
  if (status == 0) {
    by_path_.erase(path);
  } else {
    by_path_[path] = status;
  }
}

std::optional<int> InjectedFailures::status_for(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = by_path_.find(path);
  if (it == by_path_.end()) return std::nullopt;
  return it->second;
}

void InjectedFailures::set_rate_limited(bool limited) {
  std::lock_guard lock(mutex_);
  rate_limited_ = limited;
}

bool InjectedFailures::rate_limited() const {
  std::lock_guard lock(mutex_);
  return rate_limited_;
}

std::vector<ReceivedRequest> requests_to(const FakeUpstream& server, const std::string& path) {
  std::vector<ReceivedRequest> out;
  for (const auto& e : server.exchanges()) {
    if (split_target(e.request.target).path == path) out.push_back(e.request);
  }
  return out;
}

FakeResponse json_response(int status, const std::string& body) {
  return FakeResponse{
      .status = status, .headers = {{"Content-Type", "application/json; charset=utf-8"}}, .body = body};
}

void FakeOAuthApp::set_registered_callback(std::string url) {
  std::lock_guard lock(mutex_);
  config_.registered_callback = std::move(url);
}

FakeResponse FakeOAuthApp::authorize(const http::Values& query) {
  std::string target(query.get("redirect_uri"));
  if (target.empty()) {
    std::lock_guard lock(mutex_);
    target = config_.registered_callback;
  }
  if (query.get("client_id") != config_.client_id || target.empty()) {
    return FakeResponse{.status = 404, .body = "unknown application"};
  }
  std::string code;
  {
    std::lock_guard lock(mutex_);
    code = "code-" + std::to_string(++counter_);
    codes_.insert(code);
  }
  http::Values back;
  back.set("code", code);
  back.set("state", query.get("state"));
  return FakeResponse{.status = 302, .headers = {{"Location", target + "?" + back.encode()}}};
}

FakeResponse FakeOAuthApp::token_error(int status, const std::string& error) const {
  if (config_.form_encoded_tokens) {
    http::Values v;
    v.set("error", error);
    return FakeResponse{.status = status,
                        .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                        .body = v.encode()};
  }
  return json_response(status, nlohmann::json{{"error", error}}.dump());
}

FakeResponse FakeOAuthApp::token_answer(const std::string& access, const std::string& refresh) const {
  if (config_.form_encoded_tokens) {
    http::Values v;
    v.set("access_token", access);
    v.set("scope", "read:org,user:email");
    v.set("token_type", "bearer");
    return FakeResponse{.status = 200,
                        .headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                        .body = v.encode()};
  }
  nlohmann::json j{{"access_token", access}, {"token_type", "bearer"}};
  if (config_.expires_in != 0) {
    j["expires_in"] = config_.expires_in;
    j["refresh_token"] = refresh;
  }
  return json_response(200, j.dump());
}

FakeResponse FakeOAuthApp::token(const ReceivedRequest& request) {
  http::Values form = http::parse_query(request.body).values;
  std::string id(form.get("client_id")), secret(form.get("client_secret"));
  std::string auth = request.header("Authorization");
  if (auth.starts_with("Basic ")) {
    auto decoded = base::base64_decode(auth.substr(6));
    size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return token_error(401, "invalid_client");
    id = decoded->substr(0, colon);
    secret = decoded->substr(colon + 1);
  }
  if (id != config_.client_id || secret != config_.client_secret) return token_error(401, "invalid_client");
  std::lock_guard lock(mutex_);
  std::string grant(form.get("grant_type"));
  if (grant == "authorization_code") {
    if (codes_.erase(std::string(form.get("code"))) == 0) return token_error(400, "invalid_grant");
  } else if (grant == "refresh_token") {
    if (refresh_tokens_.erase(std::string(form.get("refresh_token"))) == 0)
      return token_error(400, "invalid_grant");
  } else {
    return token_error(400, "unsupported_grant_type");
  }
  ++counter_;
  std::string access = "access-" + std::to_string(counter_), refresh = "refresh-" + std::to_string(counter_);
  access_tokens_.insert(access);
  if (config_.expires_in != 0) refresh_tokens_.insert(refresh);
  last_access_ = access;
  return token_answer(access, refresh);
}

bool FakeOAuthApp::authorized(const ReceivedRequest& request) const {
  std::string auth = request.header("Authorization");
  if (!auth.starts_with("Bearer ")) return false;
  std::lock_guard lock(mutex_);
  return access_tokens_.contains(auth.substr(7));
}

void FakeOAuthApp::expire_access_tokens() {
  std::lock_guard lock(mutex_);
  access_tokens_.clear();
}

std::string FakeOAuthApp::last_access_token() const {
  std::lock_guard lock(mutex_);
  return last_access_;
}

}  // namespace dexcc::testing
