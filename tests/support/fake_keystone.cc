// FakeKeystone: Identity v3's token, user and group resources, answered from a user list.
#include "support/fake_keystone.h"

#include <nlohmann/json.hpp>

namespace dexcc::testing {
namespace {

// Keystone's error document: {"error": {"code", "message", "title"}}.
FakeResponse error(int status, const std::string& title, const std::string& message) {
  nlohmann::json body{{"error", {{"code", status}, {"message", message}, {"title", title}}}};
  return {.status = status, .headers = {{"Content-Type", "application/json"}}, .body = body.dump()};
}

FakeResponse unauthorized() {
  return error(401, "Unauthorized", "The request you have made requires authentication.");
}

FakeResponse json_answer(int status, const nlohmann::json& body,
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
  headers.emplace_back("Content-Type", "application/json");
  return {.status = status, .headers = std::move(headers), .body = body.dump()};
}

}  // namespace

FakeKeystone::FakeKeystone(std::vector<KeystoneUser> users)
    : users_(std::move(users)), upstream_([this](const ReceivedRequest& r) { return answer(r); }) {}

void FakeKeystone::remove_user(const std::string& id) {
  std::lock_guard lock(mutex_);
  std::erase_if(users_, [&](const KeystoneUser& u) { return u.id == id; });
}

void FakeKeystone::set_enabled(const std::string& id, bool enabled) {
  std::lock_guard lock(mutex_);
  for (auto& u : users_) {
    if (u.id == id) u.enabled = enabled;
  }
}

void FakeKeystone::fail_with(int status) {
  std::lock_guard lock(mutex_);
  fail_status_ = status;
}

void FakeKeystone::token_success_status(int status) {
  std::lock_guard lock(mutex_);
  token_status_ = status == 0 ? 201 : status;
}

std::vector<ReceivedRequest> FakeKeystone::requests() const {
  std::vector<ReceivedRequest> out;
  for (auto& e : upstream_.exchanges()) out.push_back(std::move(e.request));
  return out;
}

std::map<std::string, std::string> FakeKeystone::tokens() const {
  std::lock_guard lock(mutex_);
  return tokens_;
}

const KeystoneUser* FakeKeystone::find_user(const std::string& id) const {
  for (const auto& u : users_) {
    if (u.id == id) return &u;
  }
  return nullptr;
}

FakeResponse FakeKeystone::answer(const ReceivedRequest& r) {
  std::lock_guard lock(mutex_);
  if (fail_status_ != 0) return error(fail_status_, "Service Unavailable", "The service is unavailable.");
  std::string path = r.target.substr(0, r.target.find('?'));
  if (r.method == "POST" && (path == "/v3/auth/tokens" || path == "/v3/auth/tokens/")) return create_token(r);
  constexpr std::string_view kUsers = "/v3/users/";
  if (r.method == "GET" && path.starts_with(kUsers)) {
    std::string rest = path.substr(kUsers.size());
    bool groups = rest.ends_with("/groups");
    if (groups) rest.resize(rest.size() - 7);
    if (rest.find('/') != std::string::npos)
      return error(404, "Not Found", "The resource could not be found.");
    return show_user(r.header("X-Auth-Token"), rest, groups);
  }
  return error(404, "Not Found", "The resource could not be found.");
}

// POST /v3/auth/tokens with the password method; the user named by name in a domain given by id
// or name (or by id alone).
FakeResponse FakeKeystone::create_token(const ReceivedRequest& r) {
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  if (!body.is_object() || r.header("Content-Type") != "application/json") {
    return error(400, "Bad Request", "Expecting to find application/json in Content-Type header.");
  }
  const nlohmann::json* user = nullptr;
  try {
    const auto& identity = body.at("auth").at("identity");
    if (identity.at("methods") != nlohmann::json::array({"password"})) return unauthorized();
    user = &identity.at("password").at("user");
  } catch (const nlohmann::json::exception&) {
    return error(400, "Bad Request", "Invalid input for field 'identity'.");
  }
  const KeystoneUser* found = nullptr;
  for (const auto& u : users_) {
    bool domain_ok = user->contains("domain") && (user->at("domain").value("id", "") == u.domain_id ||
                                                  user->at("domain").value("name", "") == u.domain_name);
    if (user->value("id", "") == u.id || (user->value("name", "") == u.name && domain_ok)) found = &u;
  }
  // Keystone answers 401 alike for an unknown user, a wrong password and a disabled account.
  if (!found || !found->enabled || user->value("password", "") != found->password) return unauthorized();
  std::string token = "tok-" + std::to_string(next_token_++);
  tokens_[token] = found->id;
  nlohmann::json answer{{"token",
                         {{"methods", {"password"}},
                          {"user",
                           {{"domain", {{"id", found->domain_id}, {"name", found->domain_name}}},
                            {"id", found->id},
                            {"name", found->name},
                            {"password_expires_at", nullptr}}},
                          {"audit_ids", {"3T2dc1CGQxyJsHdDu1xkcw"}},
                          {"expires_at", "2030-01-01T00:00:00.000000Z"},
                          {"issued_at", "2026-01-01T00:00:00.000000Z"}}}};
  return json_answer(token_status_, answer, {{"X-Subject-Token", token}});
}

// GET /v3/users/{id} and /v3/users/{id}/groups: a valid token of the user itself or of an admin.
FakeResponse FakeKeystone::show_user(const std::string& token, const std::string& id, bool groups) {
  auto owner = tokens_.find(token);
  if (owner == tokens_.end()) return unauthorized();
  const KeystoneUser* caller = find_user(owner->second);
  if (!caller || !caller->enabled) return unauthorized();
  if (caller->id != id && caller->name != "admin") {
    return error(403, "Forbidden",
                 "You are not authorized to perform the requested action: identity:get_user.");
  }
  const KeystoneUser* u = find_user(id);
  if (!u) return error(404, "Not Found", "Could not find user: " + id + ".");
  std::string self = host() + "/v3/users/" + u->id;
  if (groups) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& g : u->groups) {
      list.push_back({{"description", ""},
                      {"domain_id", u->domain_id},
                      {"id", "gid-" + g},
                      {"name", g},
                      {"links", {{"self", host() + "/v3/groups/gid-" + g}}}});
    }
    return json_answer(200,
                       {{"groups", list},
                        {"links", {{"self", self + "/groups"}, {"previous", nullptr}, {"next", nullptr}}}});
  }
  nlohmann::json user{{"default_project_id", nullptr},
                      {"domain_id", u->domain_id},
                      {"enabled", u->enabled},
                      {"id", u->id},
                      {"name", u->name},
                      {"links", {{"self", self}}},
                      {"options", nlohmann::json::object()},
                      {"password_expires_at", nullptr}};
  if (!u->email.empty()) user["email"] = u->email;
  return json_answer(200, {{"user", user}});
}

}  // namespace dexcc::testing
