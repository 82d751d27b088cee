// GoogleApi: discovery, keys, the three token grants, the consent step and groups.list paging.
#include "support/fakes/google_api.h"

#include <algorithm>
#include <ctime>

#include "http/form.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "jose/jws_signer.h"
#include "jose/pem.h"

namespace dexcc::testing {
namespace {

using fakes::json_answer;
using fakes::oauth_error;
using fakes::path_of;
using fakes::query_of;

using nlohmann::json;

constexpr char kIssuer[] = "https://accounts.google.com";

// The shape of the Admin SDK's errors (one item in "errors", as Google sends them).
FakeResponse api_error(int status, const std::string& message, const std::string& reason) {
  return json_answer({{"error",
                       {{"code", status},
                        {"message", message},
                        {"errors", {{{"message", message}, {"domain", "global"}, {"reason", reason}}}}}}},
                     status);
}

}  // namespace

GoogleApi::GoogleApi()
    : ca_("Google Test CA"),
      signing_key_(*jose::Key::generate_rsa(2048)),
      service_account_key_(*jose::Key::generate_rsa(2048)),
      server_([this](const ReceivedRequest& r) { return answer(r); },
              [this] {
                auto leaf = ca_.issue_server({"accounts.google.com", "oauth2.googleapis.com",
                                              "www.googleapis.com", "admin.googleapis.com"});
                return FakeTls{.cert_pem = leaf.cert_pem, .key_pem = leaf.key_pem};
              }()) {}

std::string GoogleApi::service_account_json() const {
  return json{{"type", "service_account"},
              {"project_id", "dexcc-test"},
              {"private_key_id", "sa-key-1"},
              {"private_key", *jose::private_key_pem(service_account_key_)},
              {"client_email", kServiceAccount},
              {"client_id", "1234567890"},
              {"auth_uri", "https://accounts.google.com/o/oauth2/auth"},
              {"token_uri", "https://oauth2.googleapis.com/token"}}
      .dump();
}

void GoogleApi::add_user(User user) {
  std::lock_guard lock(mu_);
  users_[user.email] = std::move(user);
}

void GoogleApi::add_membership(const std::string& member, std::vector<std::string> groups) {
  std::lock_guard lock(mu_);
  memberships_[member] = std::move(groups);
}

void GoogleApi::set_page_size(size_t n) {
  std::lock_guard lock(mu_);
  page_size_ = n;
}

void GoogleApi::fail_next(const std::string& path, int status, json body, int times) {
  failures_.add(path, status, std::move(body), times);
}

std::vector<ReceivedRequest> GoogleApi::requests(const std::string& path) const {
  return fakes::requests_to(server_, path);
}

std::string GoogleApi::consent(const std::string& authorization_url, const std::string& email) {
  http::Values q = query_of(authorization_url);
  std::string redirect = std::string(q.get("redirect_uri"));
  std::string state = http::query_escape(q.get("state"));
  std::lock_guard lock(mu_);
  if (!users_.contains(email) || q.get("client_id") != kClientId || q.get("response_type") != "code") {
    return redirect + "?error=access_denied&state=" + state;
  }
  std::string code = "4/code-" + std::to_string(++counter_);
  codes_[code] = Grant{
      .email = email, .nonce = std::string(q.get("nonce")), .offline = q.get("access_type") == "offline"};
  return redirect + "?state=" + state + "&code=" + http::query_escape(code) +
         "&scope=" + http::query_escape(q.get("scope"));
}

std::string GoogleApi::id_token(const User& user, const std::string& nonce) const {
  std::time_t now = std::time(nullptr);
  json claims{{"iss", kIssuer},    {"azp", kClientId},    {"aud", kClientId},
              {"sub", user.sub},   {"email", user.email}, {"email_verified", user.email_verified},
              {"name", user.name}, {"iat", now},          {"exp", now + 3600}};
  if (!user.hd.empty()) claims["hd"] = user.hd;
  if (!nonce.empty()) claims["nonce"] = nonce;
  return *(*jose::JwsSigner::create(signing_key_, jose::Algorithm::kRS256, "google-key-1"))
              .sign(claims.dump());
}

FakeResponse GoogleApi::answer(const ReceivedRequest& r) {
  std::string path = path_of(r);
  if (auto failure = failures_.take(path)) return *failure;
  std::string host = r.header("Host");
  if (host == "accounts.google.com" && path == "/.well-known/openid-configuration") {
    return json_answer({{"issuer", kIssuer},
                        {"authorization_endpoint", "https://accounts.google.com/o/oauth2/v2/auth"},
                        {"device_authorization_endpoint", "https://oauth2.googleapis.com/device/code"},
                        {"token_endpoint", "https://oauth2.googleapis.com/token"},
                        {"userinfo_endpoint", "https://openidconnect.googleapis.com/v1/userinfo"},
                        {"revocation_endpoint", "https://oauth2.googleapis.com/revoke"},
                        {"jwks_uri", "https://www.googleapis.com/oauth2/v3/certs"},
                        {"response_types_supported", {"code", "token", "id_token"}},
                        {"subject_types_supported", {"public"}},
                        {"id_token_signing_alg_values_supported", {"RS256"}},
                        {"scopes_supported", {"openid", "email", "profile"}},
                        {"code_challenge_methods_supported", {"plain", "S256"}}});
  }
  if (host == "www.googleapis.com" && path == "/oauth2/v3/certs") {
    jose::Jwk jwk{.key = *signing_key_.public_key(), .kid = "google-key-1", .alg = "RS256", .use = "sig"};
    return json_answer({{"keys", {json::parse(jose::jwk_public_json(jwk)->dump())}}});
  }
  if (host == "oauth2.googleapis.com" && path == "/token" && r.method == "POST") return token(r);
  if (host == "admin.googleapis.com" && path == "/admin/directory/v1/groups" && r.method == "GET")
    return groups(r);
  return json_answer({{"error", {{"code", 404}, {"message", "Not Found"}}}}, 404);
}

FakeResponse GoogleApi::token(const ReceivedRequest& r) {
  http::Values form = http::parse_query(r.body).values;
  std::string grant_type(form.get("grant_type"));
  std::lock_guard lock(mu_);
  if (grant_type == "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    auto jws = jose::parse_compact(form.get("assertion"));
    if (!jws || !jose::verify_signature(*jws, *service_account_key_.public_key())) {
      return oauth_error(400, "invalid_grant", "Invalid JWT Signature.");
    }
    json claims = json::parse(jws->payload);
    if (claims.value("iss", "") != kServiceAccount ||
        claims.value("aud", "") != "https://oauth2.googleapis.com/token") {
      return oauth_error(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token");
    }
    std::string access = "ya29.sa-" + std::to_string(++counter_);
    service_tokens_[access] = claims.value("sub", "");
    return json_answer({{"access_token", access}, {"expires_in", 3599}, {"token_type", "Bearer"}});
  }
  auto [client_id, client_secret] = fakes::client_credentials(r, form);
  if (client_id != kClientId || client_secret != kClientSecret) {
    return oauth_error(401, "invalid_client", "Unauthorized");
  }
  Grant grant;
  bool refreshing = grant_type == "refresh_token";
  if (grant_type == "authorization_code") {
    auto it = codes_.find(std::string(form.get("code")));
    if (it == codes_.end()) return oauth_error(400, "invalid_grant", "Bad Request");
    grant = it->second;
    codes_.erase(it);
  } else if (refreshing) {
    auto it = refresh_tokens_.find(std::string(form.get("refresh_token")));
    if (it == refresh_tokens_.end())
      return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
    grant = it->second;
    grant.nonce.clear();
  } else {
    return oauth_error(400, "unsupported_grant_type", "Invalid grant_type: " + grant_type);
  }
  auto user = users_.find(grant.email);
  if (user == users_.end()) return oauth_error(400, "invalid_grant", "Bad Request");
  json body{{"access_token", "ya29.user-" + std::to_string(++counter_)},
            {"expires_in", 3599},
            {"scope", "openid https://www.googleapis.com/auth/userinfo.email"},
            {"token_type", "Bearer"},
            {"id_token", id_token(user->second, grant.nonce)}};
  // Google sends a refresh token for offline access on the code grant only; refreshing keeps it.
  if (!refreshing && grant.offline) {
    std::string refresh = "1//refresh-" + std::to_string(++counter_);
    refresh_tokens_[refresh] = grant;
    body["refresh_token"] = refresh;
  }
  return json_answer(body);
}

FakeResponse GoogleApi::groups(const ReceivedRequest& r) {
  http::Values q = query_of(r.target);
  std::string auth = r.header("Authorization");
  std::lock_guard lock(mu_);
  if (!auth.starts_with("Bearer ") || !service_tokens_.contains(auth.substr(7))) {
    return api_error(401, "Login Required.", "required");
  }
  if (service_tokens_[auth.substr(7)].empty()) {
    return api_error(403, "Not Authorized to access this resource/api", "forbidden");
  }
  std::string key(q.get("userKey"));
  auto member = memberships_.find(key);
  bool known = users_.contains(key);
  for (const auto& [m, groups] : memberships_) {
    known = known || std::find(groups.begin(), groups.end(), key) != groups.end();
  }
  if (member == memberships_.end() && !known) {
    return api_error(404, "Resource Not Found: userKey", "notFound");
  }
  std::vector<std::string> all = member == memberships_.end() ? std::vector<std::string>() : member->second;
  size_t start = q.get("pageToken").empty() ? 0 : std::stoul(std::string(q.get("pageToken")));
  json page = json::array();
  for (size_t i = start; i < all.size() && i < start + page_size_; ++i) {
    page.push_back({{"kind", "admin#directory#group"},
                    {"id", "id-" + all[i]},
                    {"email", all[i]},
                    {"name", all[i].substr(0, all[i].find('@'))},
                    {"directMembersCount", "1"}});
  }
  json body{{"kind", "admin#directory#groups"}, {"etag", "\"etag\""}};
  if (!page.empty()) body["groups"] = page;
  if (start + page_size_ < all.size()) body["nextPageToken"] = std::to_string(start + page_size_);
  return json_answer(body);
}

}  // namespace dexcc::testing
