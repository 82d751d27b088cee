// MicrosoftApi: the consent step, the tenant's token endpoint and the three Graph calls.
#include "support/fakes/microsoft_api.h"

#include <algorithm>
#include <ctime>

namespace dexcc::testing {
namespace {

using fakes::json_answer;
using fakes::oauth_error;
using fakes::path_of;
using fakes::query_of;
using nlohmann::json;

// Graph's error body: {"error":{"code","message","innerError"}}.
FakeResponse graph_error(int status, const std::string& code, const std::string& message) {
  return json_answer(
      {{"error", {{"code", code}, {"message", message}, {"innerError", {{"request-id", "r-1"}}}}}}, status);
}

bool org_alias(const std::string& tenant) {
  return tenant == "common" || tenant == "organizations";
}

}  // namespace

MicrosoftApi::MicrosoftApi()
    : ca_("Microsoft Test CA"),
      server_(
          [this](const ReceivedRequest& r) { return answer(r); },
          [this] {
            auto leaf = ca_.issue_server({"login.microsoftonline.com", "graph.microsoft.com", "127.0.0.1"});
            return FakeTls{.cert_pem = leaf.cert_pem, .key_pem = leaf.key_pem};
          }()) {}

void MicrosoftApi::add_user(User user) {
  std::lock_guard lock(mu_);
  users_[user.user_principal_name] = std::move(user);
}

void MicrosoftApi::add_group(const std::string& id, const std::string& name, bool security) {
  std::lock_guard lock(mu_);
  groups_[id] = {name, security};
}

void MicrosoftApi::set_page_size(size_t n) {
  std::lock_guard lock(mu_);
  page_size_ = n;
}

void MicrosoftApi::set_expires_in(int seconds) {
  std::lock_guard lock(mu_);
  expires_in_ = seconds;
}

void MicrosoftApi::fail_next(const std::string& path, int status, json body, int times) {
  failures_.add(path, status, std::move(body), times);
}

std::vector<ReceivedRequest> MicrosoftApi::requests(const std::string& path) const {
  return fakes::requests_to(server_, path);
}

std::string MicrosoftApi::consent(const std::string& authorization_url, const std::string& upn) {
  http::Values q = query_of(authorization_url);
  std::string redirect(q.get("redirect_uri"));
  std::string state = http::query_escape(q.get("state"));
  // .../{tenant}/oauth2/v2.0/authorize?...
  std::string path = authorization_url.substr(0, authorization_url.find('?'));
  size_t end = path.rfind("/oauth2/v2.0/authorize");
  std::string tenant = end == std::string::npos
                           ? ""
                           : path.substr(path.rfind('/', end - 1) + 1, end - path.rfind('/', end - 1) - 1);
  std::lock_guard lock(mu_);
  auto user = users_.find(upn);
  if (q.get("client_id") != kClientId || q.get("response_type") != "code") {
    return redirect + "?error=unauthorized_client&error_description=" +
           http::query_escape("AADSTS700016: Application not found in the directory.") + "&state=" + state;
  }
  bool in_tenant = user != users_.end() && (user->second.tenant == tenant ||
                                            (org_alias(tenant) && user->second.tenant != "consumers") ||
                                            (tenant == "consumers" && user->second.tenant == "consumers"));
  if (!in_tenant) {
    return redirect + "?error=access_denied&error_description=" +
           http::query_escape("AADSTS50020: User account from identity provider does not exist in tenant.") +
           "&state=" + state;
  }
  std::string scope(q.get("scope"));
  std::string code = "0.AXEA-code-" + std::to_string(++counter_);
  codes_[code] =
      Grant{.upn = upn, .tenant = tenant, .offline = scope.find("offline_access") != std::string::npos};
  return redirect + "?code=" + http::query_escape(code) + "&state=" + state + "&session_state=s-1";
}

FakeResponse MicrosoftApi::answer(const ReceivedRequest& r) {
  std::string path = path_of(r);
  if (auto failure = failures_.take(path)) return *failure;
  if (r.method == "POST" && path.ends_with("/oauth2/v2.0/token")) {
    std::string tenant = path.substr(1, path.find('/', 1) - 1);
    return token(r, tenant);
  }
  if (!path.starts_with("/v1.0/")) return graph_error(404, "UnknownError", "not found");
  std::lock_guard lock(mu_);
  const User* user = caller(r);
  if (!user) {
    return graph_error(401, "InvalidAuthenticationToken", "Access token has expired or is not valid yet.");
  }
  if (path == "/v1.0/me" && r.method == "GET") {
    json me{{"@odata.context",
             "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,userPrincipalName)/$entity"},
            {"id", user->id},
            {"displayName", user->display_name},
            {"userPrincipalName", user->user_principal_name}};
    return json_answer(me);
  }
  if (path == "/v1.0/me/getMemberGroups" && r.method == "POST") return member_groups(r, *user);
  if (path == "/v1.0/directoryObjects/getByIds" && r.method == "POST") return get_by_ids(r);
  return graph_error(400, "BadRequest", "Unsupported request");
}

FakeResponse MicrosoftApi::token(const ReceivedRequest& r, const std::string& tenant) {
  http::Values form = http::parse_query(r.body).values;
  auto [client_id, client_secret] = fakes::client_credentials(r, form);
  if (client_id != kClientId || client_secret != kClientSecret) {
    return oauth_error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
  }
  std::lock_guard lock(mu_);
  Grant grant;
  std::string grant_type(form.get("grant_type"));
  if (grant_type == "authorization_code") {
    auto it = codes_.find(std::string(form.get("code")));
    if (it == codes_.end() || it->second.tenant != tenant) {
      return oauth_error(400, "invalid_grant", "AADSTS70000: The provided authorization code is invalid.");
    }
    grant = it->second;
    codes_.erase(it);
  } else if (grant_type == "refresh_token") {
    auto it = refresh_tokens_.find(std::string(form.get("refresh_token")));
    if (it == refresh_tokens_.end()) {
      return oauth_error(400, "invalid_grant", "AADSTS70008: The refresh token has expired.");
    }
    grant = it->second;
    refresh_tokens_.erase(it);  // the platform rotates refresh tokens
  } else {
    return oauth_error(400, "unsupported_grant_type", "AADSTS70003: unsupported grant type");
  }
  std::string access = "eyJ0eXAiOiJKV1Qi.at-" + std::to_string(++counter_);
  access_tokens_[access] = {grant.upn, std::time(nullptr) + expires_in_};
  json body{{"token_type", "Bearer"},
            {"scope", "User.Read Directory.Read.All"},
            {"expires_in", expires_in_},
            {"ext_expires_in", expires_in_},
            {"access_token", access}};
  if (grant.offline) {
    std::string refresh = "0.AXEA-refresh-" + std::to_string(++counter_);
    refresh_tokens_[refresh] = grant;
    body["refresh_token"] = refresh;
  }
  return json_answer(body);
}

const MicrosoftApi::User* MicrosoftApi::caller(const ReceivedRequest& r) {
  std::string auth = r.header("Authorization");
  if (!auth.starts_with("Bearer ")) return nullptr;
  auto token = access_tokens_.find(auth.substr(7));
  if (token == access_tokens_.end() || token->second.second < std::time(nullptr)) return nullptr;
  auto user = users_.find(token->second.first);
  return user == users_.end() ? nullptr : &user->second;
}

std::string MicrosoftApi::next_link(const ReceivedRequest& r, size_t skip) const {
  // Graph's next links are absolute, on the host the request went to.
  return "https://" + r.header("Host") + path_of(r) + "?$skiptoken=" + std::to_string(skip);
}

FakeResponse MicrosoftApi::member_groups(const ReceivedRequest& r, const User& user) {
  json in = json::parse(r.body, nullptr, false);
  if (!in.is_object() || !in.contains("securityEnabledOnly") || !in["securityEnabledOnly"].is_boolean()) {
    return graph_error(400, "Request_BadRequest", "Invalid request body.");
  }
  bool security_only = in["securityEnabledOnly"].get<bool>();
  std::vector<std::string> ids;
  for (const auto& id : user.group_ids) {
    auto g = groups_.find(id);
    if (!security_only || (g != groups_.end() && g->second.security)) ids.push_back(id);
  }
  std::string skip_text(query_of(r.target).get("$skiptoken"));
  size_t skip = skip_text.empty() ? 0 : std::stoul(skip_text);
  json value = json::array();
  for (size_t i = skip; i < ids.size() && i < skip + page_size_; ++i) value.push_back(ids[i]);
  json body{{"@odata.context", "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)"},
            {"value", value}};
  if (skip + page_size_ < ids.size()) body["@odata.nextLink"] = next_link(r, skip + page_size_);
  return json_answer(body);
}

FakeResponse MicrosoftApi::get_by_ids(const ReceivedRequest& r) {
  json in = json::parse(r.body, nullptr, false);
  if (!in.is_object() || !in.contains("ids") || !in["ids"].is_array()) {
    return graph_error(400, "Request_BadRequest", "Invalid request body.");
  }
  if (in["ids"].size() > 1000) {
    return graph_error(400, "Request_BadRequest", "Too many ids: the maximum is 1000.");
  }
  std::string skip_text(query_of(r.target).get("$skiptoken"));
  size_t skip = skip_text.empty() ? 0 : std::stoul(skip_text);
  json found = json::array();
  for (const auto& id : in["ids"]) {
    auto g = groups_.find(id.get<std::string>());
    if (g == groups_.end()) continue;
    found.push_back({{"@odata.type", "#microsoft.graph.group"},
                     {"id", g->first},
                     {"displayName", g->second.name},
                     {"securityEnabled", g->second.security}});
  }
  json value = json::array();
  for (size_t i = skip; i < found.size() && i < skip + page_size_; ++i) value.push_back(found[i]);
  json body{{"@odata.context", "https://graph.microsoft.com/v1.0/$metadata#directoryObjects"},
            {"value", value}};
  if (skip + page_size_ < found.size()) body["@odata.nextLink"] = next_link(r, skip + page_size_);
  return json_answer(body);
}

}  // namespace dexcc::testing
