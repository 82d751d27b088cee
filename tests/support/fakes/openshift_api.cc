// OpenshiftApi: OAuth metadata, the code grant, the consent step and users/~.
#include "support/fakes/openshift_api.h"

namespace dexcc::testing {
namespace {

using fakes::json_answer;
using fakes::path_of;
using fakes::query_of;
using nlohmann::json;

// A Kubernetes Status object, the API server's error body.
FakeResponse status_error(int code, const std::string& reason, const std::string& message) {
  return json_answer({{"kind", "Status"},
                      {"apiVersion", "v1"},
                      {"metadata", json::object()},
                      {"status", "Failure"},
                      {"message", message},
                      {"reason", reason},
                      {"code", code}},
                     code);
}

}  // namespace

OpenshiftApi::OpenshiftApi()
    : ca_("OpenShift Test CA"),
      server_([this](const ReceivedRequest& r) { return answer(r); },
              [this] {
                auto leaf = ca_.issue_server({"127.0.0.1", "localhost"});
                return FakeTls{.cert_pem = leaf.cert_pem, .key_pem = leaf.key_pem};
              }()) {}

void OpenshiftApi::add_user(User user) {
  std::lock_guard lock(mu_);
  users_[user.name] = std::move(user);
}

void OpenshiftApi::fail_next(const std::string& path, int status, json body, int times) {
  failures_.add(path, status, std::move(body), times);
}

std::vector<ReceivedRequest> OpenshiftApi::requests(const std::string& path) const {
  return fakes::requests_to(server_, path);
}

std::string OpenshiftApi::consent(const std::string& authorization_url, const std::string& name) {
  http::Values q = query_of(authorization_url);
  std::string redirect(q.get("redirect_uri"));
  std::string state = http::query_escape(q.get("state"));
  std::lock_guard lock(mu_);
  if (!users_.contains(name) || q.get("client_id") != kClientId) {
    return redirect + "?error=access_denied&error_description=" + http::query_escape("scope denied") +
           "&state=" + state;
  }
  std::string code = "code-" + std::to_string(++counter_);
  codes_[code] = name;
  return redirect + "?code=" + code + "&state=" + state;
}

FakeResponse OpenshiftApi::answer(const ReceivedRequest& r) {
  std::string path = path_of(r);
  if (auto failure = failures_.take(path)) return *failure;
  if (path == "/.well-known/oauth-authorization-server") {
    return json_answer(
        {{"issuer", issuer()},
         {"authorization_endpoint", issuer() + "/oauth/authorize"},
         {"token_endpoint", issuer() + "/oauth/token"},
         {"scopes_supported", {"user:check-access", "user:full", "user:info", "user:list-projects"}},
         {"response_types_supported", {"code", "token"}},
         {"grant_types_supported", {"authorization_code", "implicit"}},
         {"code_challenge_methods_supported", {"plain", "S256"}}});
  }
  std::lock_guard lock(mu_);
  if (path == "/oauth/token" && r.method == "POST") {
    http::Values form = http::parse_query(r.body).values;
    auto [id, secret] = fakes::client_credentials(r, form);
    if (id != kClientId || secret != kClientSecret) return fakes::oauth_error(401, "unauthorized_client", "");
    auto code = codes_.find(std::string(form.get("code")));
    if (form.get("grant_type") != "authorization_code" || code == codes_.end()) {
      return fakes::oauth_error(400, "invalid_grant", "The provided authorization grant is invalid.");
    }
    std::string token = "sha256~token-" + std::to_string(++counter_);
    tokens_[token] = code->second;
    codes_.erase(code);
    return json_answer(
        {{"access_token", token}, {"expires_in", 86400}, {"scope", "user:info"}, {"token_type", "Bearer"}});
  }
  if (path == "/apis/user.openshift.io/v1/users/~" && r.method == "GET") {
    std::string auth = r.header("Authorization");
    auto token = auth.starts_with("Bearer ") ? tokens_.find(auth.substr(7)) : tokens_.end();
    if (token == tokens_.end() || !users_.contains(token->second)) {
      return status_error(401, "Unauthorized", "Unauthorized");
    }
    const User& u = users_[token->second];
    return json_answer({{"kind", "User"},
                        {"apiVersion", "user.openshift.io/v1"},
                        {"metadata", {{"name", u.name}, {"uid", u.uid}, {"resourceVersion", "4711"}}},
                        {"fullName", u.full_name},
                        {"identities", {"htpasswd:" + u.name}},
                        {"groups", u.groups}});
  }
  return status_error(404, "NotFound", "the server could not find the requested resource");
}

}  // namespace dexcc::testing
