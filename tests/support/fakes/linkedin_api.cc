// LinkedinApi: the consent step, the access token endpoint and the two profile calls.
#include "support/fakes/linkedin_api.h"

namespace dexcc::testing {
namespace {

using fakes::json_answer;
using fakes::path_of;
using fakes::query_of;
using nlohmann::json;

// LinkedIn's REST error body.
FakeResponse api_error(int status, int service_code, const std::string& message) {
  return json_answer({{"serviceErrorCode", service_code}, {"message", message}, {"status", status}}, status);
}

}  // namespace

LinkedinApi::LinkedinApi()
    : ca_("LinkedIn Test CA"),
      server_([this](const ReceivedRequest& r) { return answer(r); },
              [this] {
                auto leaf = ca_.issue_server({"www.linkedin.com", "api.linkedin.com"});
                return FakeTls{.cert_pem = leaf.cert_pem, .key_pem = leaf.key_pem};
              }()) {}

void LinkedinApi::add_member(Member member) {
  std::lock_guard lock(mu_);
  members_[member.id] = std::move(member);
}

void LinkedinApi::fail_next(const std::string& path, int status, json body, int times) {
  failures_.add(path, status, std::move(body), times);
}

std::vector<ReceivedRequest> LinkedinApi::requests(const std::string& path) const {
  return fakes::requests_to(server_, path);
}

std::string LinkedinApi::consent(const std::string& authorization_url, const std::string& id) {
  http::Values q = query_of(authorization_url);
  std::string redirect(q.get("redirect_uri"));
  std::string state = http::query_escape(q.get("state"));
  std::lock_guard lock(mu_);
  if (!members_.contains(id) || q.get("client_id") != kClientId) {
    return redirect + "?error=user_cancelled_login&error_description=" +
           http::query_escape("The user cancelled LinkedIn login") + "&state=" + state;
  }
  std::string code = "AQTcode-" + std::to_string(++counter_);
  codes_[code] = id;
  return redirect + "?code=" + code + "&state=" + state;
}

FakeResponse LinkedinApi::answer(const ReceivedRequest& r) {
  std::string path = path_of(r);
  if (auto failure = failures_.take(path)) return *failure;
  std::string host = r.header("Host");
  std::lock_guard lock(mu_);
  if (host == "www.linkedin.com" && path == "/oauth/v2/accessToken" && r.method == "POST") {
    http::Values form = http::parse_query(r.body).values;
    // LinkedIn reads the client's credentials from the body; Basic is not accepted.
    if (form.get("client_id") != kClientId || form.get("client_secret") != kClientSecret) {
      return fakes::oauth_error(401, "invalid_client", "Client authentication failed");
    }
    auto code = codes_.find(std::string(form.get("code")));
    if (form.get("grant_type") != "authorization_code" || code == codes_.end()) {
      return fakes::oauth_error(400, "invalid_request",
                                "Unable to retrieve access token: appid/redirect uri/code verifier does not "
                                "match authorization code. Or authorization code expired.");
    }
    std::string token = "AQVtoken-" + std::to_string(++counter_);
    tokens_[token] = code->second;
    codes_.erase(code);
    return json_answer(
        {{"access_token", token}, {"expires_in", 5183999}, {"scope", "r_emailaddress,r_liteprofile"}});
  }
  if (host != "api.linkedin.com" || r.method != "GET") return api_error(404, 0, "Not Found");
  std::string auth = r.header("Authorization");
  auto token = auth.starts_with("Bearer ") ? tokens_.find(auth.substr(7)) : tokens_.end();
  if (token == tokens_.end()) return api_error(401, 65600, "Invalid access token");
  const Member& m = members_[token->second];
  if (path == "/v2/me") {
    return json_answer({{"localizedLastName", m.last_name},
                        {"localizedFirstName", m.first_name},
                        {"id", m.id},
                        {"firstName", {{"localized", {{"en_US", m.first_name}}}}},
                        {"lastName", {{"localized", {{"en_US", m.last_name}}}}}});
  }
  if (path == "/v2/emailAddress") {
    http::Values q = query_of(r.target);
    if (q.get("q") != "members" || q.get("projection") != "(elements*(handle~))") {
      return api_error(400, 100, "Invalid query parameters");
    }
    json elements = json::array();
    if (!m.email.empty()) {
      elements.push_back(
          {{"handle", "urn:li:emailAddress:3775708763"}, {"handle~", {{"emailAddress", m.email}}}});
    }
    return json_answer({{"elements", elements}});
  }
  return api_error(404, 0, "Not Found");
}

}  // namespace dexcc::testing
