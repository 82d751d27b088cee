// Crowd REST calls with the headers and bodies dex sends, and its reading of the answers.
#include "connector/crowd/api.h"

#include <fmt/format.h>

#include "base/base64.h"
#include "base/go_json.h"
#include "base/query_escape.h"
#include "base/text.h"
#include "connector/upstream/json_member.h"

namespace dexcc::connector::crowd {
namespace {

// Crowd's error bodies go to the log, not to the user; a long one is cut.
std::string excerpt(const std::string& body) {
  constexpr size_t kMax = 200;
  return body.size() <= kMax ? body : body.substr(0, kMax) + "...";
}

std::string username_query(const std::string& username) {
  // dex appends the username unescaped, so "a&username=b" would look up b: it is escaped here.
  return "username=" + base::query_escape(username);
}

}  // namespace

Result<Api::Answer> Api::call(const std::string& method, const std::string& path,
                              const std::string& json_body) const {
  http_client::Request request{.method = method, .url = config_.base_url + "/rest/usermanagement/1" + path};
  // Go's SetBasicAuth: id and secret as they are (no query escaping, unlike OAuth2 clients).
  request.headers.add("Authorization",
                      "Basic " + base::base64_encode(config_.client_id + ":" + config_.client_secret));
  request.headers.add("Accept", "application/json");
  if (!json_body.empty()) {
    request.headers.add("Content-Type", "application/json");  // Go canonicalises dex's "Content-type"
    request.body = json_body;
  }
  auto response = client_.send(request);
  if (!response) return failed(fmt::format("crowd: api request {}", response.error().message));
  if (response->status == 403 &&
      response->body.find("The server understood the request but refuses to authorize it.") !=
          std::string::npos) {
    return failed(
        fmt::format("dex is forbidden from making requests to the Atlassian Crowd application by URL {}",
                    base::go_quote(config_.base_url)));
  }
  if (response->status == 401 && response->body == "Application failed to authenticate") {
    return failed(fmt::format("dex failed to authenticate Crowd Application with ID {}",
                              base::go_quote(config_.client_id)));
  }
  return Answer{response->status, std::move(response->body)};
}

Result<bool> Api::authenticate(const std::string& username, const std::string& password) const {
  nlohmann::ordered_json body{{"username", username}, {"password", password}};
  auto answer = call("POST", "/session", base::go_json_dump(body));
  if (!answer) return std::unexpected(answer.error());
  nlohmann::json reply = nlohmann::json::parse(answer->body, nullptr, false);
  if (answer->status == 201) {
    if (reply.is_discarded()) return failed("decode auth response: invalid JSON");
    return true;
  }
  auto reason = upstream::json_string_member(reply, "reason");
  auto message = upstream::json_string_member(reply, "message");
  if (reply.is_discarded() || !reason || !message) {
    return failed(fmt::format("unmarshal auth pass response: {} {}", answer->status,
                              base::go_quote(excerpt(answer->body))));
  }
  if (*reason == "INVALID_USER_AUTHENTICATION") return false;
  // dex reports Crowd's message alone; the reason (INACTIVE_ACCOUNT, ...) helps more in a log.
  return failed(fmt::format("crowd: {}: {}", *reason, *message));
}

Result<void> Api::renew_session(const std::string& username) const {
  nlohmann::ordered_json body{{"username", username}};
  auto answer = call("POST", "/session?validate-password=false", base::go_json_dump(body));
  if (!answer) return std::unexpected(answer.error());
  if (answer->status != 201) return failed(excerpt(answer->body));
  if (nlohmann::json::parse(answer->body, nullptr, false).is_discarded()) {
    return failed("decode auth response: invalid JSON");
  }
  return {};
}

Result<User> Api::user(const std::string& username) const {
  auto answer = call("GET", "/user?" + username_query(username), "");
  if (!answer) return std::unexpected(answer.error());
  if (answer->status != 200) return failed(excerpt(answer->body));
  nlohmann::json reply = nlohmann::json::parse(answer->body, nullptr, false);
  auto key = upstream::json_string_member(reply, "key");
  auto name = upstream::json_string_member(reply, "name");
  auto email = upstream::json_string_member(reply, "email");
  if (reply.is_discarded() || !key || !name || !email) return failed("crowd: decode user: invalid JSON");
  User user{.key = std::move(*key), .name = std::move(*name), .email = std::move(*email)};
  if (const nlohmann::json* active = upstream::json_member(reply, "active"); active && active->is_boolean()) {
    user.active = active->get<bool>();
  }
  return user;
}

Result<std::vector<std::string>> Api::nested_groups(const std::string& username) const {
  auto answer = call("GET", "/user/group/nested?" + username_query(username), "");
  if (!answer) return std::unexpected(answer.error());
  if (answer->status != 200) return failed(excerpt(answer->body));
  auto names = upstream::json_names(nlohmann::json::parse(answer->body, nullptr, false), "groups");
  if (!names) return failed("crowd: decode groups: invalid JSON");
  return std::move(*names);
}

}  // namespace dexcc::connector::crowd
