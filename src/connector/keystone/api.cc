// Keystone REST calls with the request bodies and headers dex sends.
#include "connector/keystone/api.h"

#include <fmt/format.h>

#include "base/go_json.h"
#include "base/url_escape.h"
#include "connector/upstream/json_member.h"

namespace dexcc::connector::keystone {
namespace {

// Go's json.Marshal of dex's loginRequestData: the domain's empty half is left out (omitempty).
std::string token_request_body(const Domain& domain, const std::string& username,
                               const std::string& password) {
  nlohmann::ordered_json d = nlohmann::ordered_json::object();
  if (!domain.id.empty()) d["id"] = domain.id;
  if (!domain.name.empty()) d["name"] = domain.name;
  nlohmann::ordered_json user{{"name", username}, {"domain", d}, {"password", password}};
  nlohmann::ordered_json identity = nlohmann::ordered_json::object();
  identity["methods"] = nlohmann::ordered_json::array({"password"});
  identity["password"]["user"] = std::move(user);
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["auth"]["identity"] = std::move(identity);
  return base::go_json_dump(body);
}

const nlohmann::json& object_at(const nlohmann::json& j, std::string_view name) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json* v = upstream::json_member(j, name);
  return v && v->is_object() ? *v : kEmpty;
}

}  // namespace

std::string Api::user_url(const std::string& user_id) const {
  return config_.host + "/v3/users/" + base::url_escape(user_id, base::UrlPart::kPath);
}

Result<TokenAnswer> Api::create_token(const std::string& username, const std::string& password) const {
  // The trailing slash is dex's; Keystone answers both forms.
  http_client::Request request{.method = "POST",
                               .url = config_.host + "/v3/auth/tokens/",
                               .headers = {{"Content-Type", "application/json"}},
                               .body = token_request_body(config_.domain, username, password)};
  auto response = client_.send(request);
  if (!response) return failed(fmt::format("keystone: error {}", response.error().message));
  TokenAnswer answer{.status = response->status};
  if (response->status != 201) return answer;
  answer.token = std::string(response->headers.get("X-Subject-Token").value_or(""));
  nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
  auto id = upstream::json_string_member(object_at(object_at(body, "token"), "user"), "id");
  if (body.is_discarded() || !id) return failed("keystone: invalid token response");
  answer.user_id = std::move(*id);
  return answer;
}

Result<std::optional<User>> Api::user(const std::string& user_id, const std::string& token) const {
  http_client::Request request{.url = user_url(user_id), .headers = {{"X-Auth-Token", token}}};
  auto response = client_.send(request);
  if (!response) return failed(fmt::format("keystone: get user: {}", response.error().message));
  if (response->status != 200) return std::optional<User>();
  nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
  const nlohmann::json& user = object_at(body, "user");
  auto email = upstream::json_string_member(user, "email");
  if (body.is_discarded() || !email) return failed("keystone: get user: invalid response");
  User u{.email = std::move(*email)};
  if (const nlohmann::json* enabled = upstream::json_member(user, "enabled");
      enabled && enabled->is_boolean()) {
    u.enabled = enabled->get<bool>();
  }
  return std::optional<User>(std::move(u));
}

Result<std::vector<std::string>> Api::groups(const std::string& user_id, const std::string& token) const {
  http_client::Request request{.url = user_url(user_id) + "/groups", .headers = {{"X-Auth-Token", token}}};
  auto response = client_.send(request);
  if (!response) return failed(fmt::format("keystone: get groups: {}", response.error().message));
  // dex decodes whatever came back; an error status is an error here, not "no groups".
  if (response->status != 200)
    return failed(fmt::format("keystone: get groups: status {}", response->status));
  auto names = upstream::json_names(nlohmann::json::parse(response->body, nullptr, false), "groups");
  if (!names) return failed("keystone: get groups: invalid response");
  return std::move(*names);
}

}  // namespace dexcc::connector::keystone
