// FakeCrowd: the usermanagement/1 session, user and nested-group resources.
#include "support/fake_crowd.h"

#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/text.h"

namespace dexcc::testing {
namespace {

constexpr std::string_view kRest = "/crowd/rest/usermanagement/1";

FakeResponse json_answer(int status, const nlohmann::json& body) {
  return {.status = status, .headers = {{"Content-Type", "application/json"}}, .body = body.dump()};
}

// Crowd's refusal document: {"reason": "...", "message": "..."}.
FakeResponse refusal(int status, const std::string& reason, const std::string& message) {
  return json_answer(status, {{"reason", reason}, {"message", message}});
}

// The decoded value of `name` in a query string ('+' is a space), or empty.
std::string query_value(std::string_view query, std::string_view name) {
  for (size_t pos = 0; pos <= query.size();) {
    size_t amp = query.find('&', pos);
    std::string_view pair =
        query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
      std::string out;
      for (size_t i = eq + 1; i < pair.size(); ++i) {
        if (pair[i] == '+') {
          out += ' ';
        } else if (pair[i] == '%' && i + 2 < pair.size() && base::hex_digit_value(pair[i + 1]) >= 0 &&
                   base::hex_digit_value(pair[i + 2]) >= 0) {
          out +=
              static_cast<char>(base::hex_digit_value(pair[i + 1]) * 16 + base::hex_digit_value(pair[i + 2]));
          i += 2;
        } else {
          out += pair[i];
        }
      }
      return out;
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return {};
}

}  // namespace

FakeCrowd::FakeCrowd(std::string app_name, std::string app_password, std::vector<CrowdUser> users)
    : app_name_(std::move(app_name)),
      app_password_(std::move(app_password)),
      users_(std::move(users)),
      upstream_([this](const ReceivedRequest& r) { return answer(r); }) {}

void FakeCrowd::remove_user(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(users_, [&](const CrowdUser& u) { return u.name == name; });
}

void FakeCrowd::set_active(const std::string& name, bool active) {
  std::lock_guard lock(mutex_);
  for (auto& u : users_) {
    if (u.name == name) u.active = active;
  }
}

void FakeCrowd::fail_with(int status) {
  std::lock_guard lock(mutex_);
  fail_status_ = status;
}

void FakeCrowd::hang(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  hang_ = delay;
}

void FakeCrowd::forbid_application(bool forbid) {
  std::lock_guard lock(mutex_);
  forbidden_ = forbid;
}

std::vector<ReceivedRequest> FakeCrowd::requests() const {
  std::vector<ReceivedRequest> out;
  for (auto& e : upstream_.exchanges()) out.push_back(std::move(e.request));
  return out;
}

const CrowdUser* FakeCrowd::find(const std::string& name) const {
  for (const auto& u : users_) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

FakeResponse FakeCrowd::answer(const ReceivedRequest& r) {
  std::lock_guard lock(mutex_);
  if (hang_.count() > 0) return {.status = 503, .body = "late", .delay = hang_};
  if (fail_status_ != 0) {
    return {.status = fail_status_,
            .headers = {{"Content-Type", "text/html"}},
            .body = "<html><body>Error</body></html>"};
  }
  if (forbidden_) {
    return {.status = 403,
            .headers = {{"Content-Type", "text/html"}},
            .body =
                "<html><body><p>The server understood the request but refuses to authorize "
                "it.</p></body></html>"};
  }
  std::string expected = "Basic " + base::base64_encode(app_name_ + ":" + app_password_);
  if (r.header("Authorization") != expected) {
    return {.status = 401,
            .headers = {{"Content-Type", "text/plain"},
                        {"WWW-Authenticate", "BASIC realm=\"Crowd REST Service\""}},
            .body = "Application failed to authenticate"};
  }
  size_t q = r.target.find('?');
  std::string path = r.target.substr(0, q);
  std::string query = q == std::string::npos ? "" : r.target.substr(q + 1);
  if (!path.starts_with(kRest)) return {.status = 404, .body = "Not Found"};
  path.erase(0, kRest.size());
  if (r.method == "POST" && path == "/session")
    return create_session(r, query_value(query, "validate-password") != "false");
  if (r.method == "GET" && (path == "/user" || path == "/user/group/nested")) {
    std::string name = query_value(query, "username");
    const CrowdUser* u = find(name);
    if (!u) return refusal(404, "USER_NOT_FOUND", "User <" + name + "> does not exist");
    std::string link = base_url() + "/rest/usermanagement/1/user?username=" + u->name;
    if (path == "/user") {
      return json_answer(200, {{"expand", "attributes"},
                               {"link", {{"href", link}, {"rel", "self"}}},
                               {"name", u->name},
                               {"password", {{"link", {{"href", link}, {"rel", "edit"}}}}},
                               {"key", u->key},
                               {"active", u->active},
                               {"first-name", u->name},
                               {"last-name", "User"},
                               {"display-name", u->name + " User"},
                               {"email", u->email}});
    }
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& g : u->groups) {
      groups.push_back(
          {{"link", {{"href", base_url() + "/rest/usermanagement/1/group?groupname=" + g}, {"rel", "self"}}},
           {"name", g}});
    }
    return json_answer(200, {{"expand", "group"}, {"groups", groups}});
  }
  return {.status = 404, .body = "Not Found"};
}

// POST /session: {"username", "password"}; with validate-password=false the password is not needed.
FakeResponse FakeCrowd::create_session(const ReceivedRequest& r, bool validate_password) {
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  if (!body.is_object() || r.header("Content-Type") != "application/json" || !body.contains("username")) {
    return {.status = 415, .body = "Unsupported Media Type"};
  }
  std::string name = body.value("username", "");
  const CrowdUser* u = find(name);
  if (!u || (validate_password && body.value("password", "") != u->password)) {
    return refusal(400, "INVALID_USER_AUTHENTICATION",
                   "Failed to authenticate principal, password was invalid");
  }
  if (!u->active) return refusal(400, "INACTIVE_ACCOUNT", "Account with name <" + name + "> is inactive");
  std::string token = "crowd-token-" + std::to_string(next_token_++);
  return json_answer(
      201, {{"expand", "user"},
            {"link", {{"href", base_url() + "/rest/usermanagement/1/session/" + token}, {"rel", "self"}}},
            {"token", token},
            {"user", {{"name", u->name}}},
            {"created-date", 1764720000000},
            {"expiry-date", 1764721800000}});
}

}  // namespace dexcc::testing
