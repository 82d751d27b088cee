// Paging through groups.list with the delegated admin's token, recursing for nested groups.
#include "connector/google/directory.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "http/form.h"

namespace dexcc::connector::google {
namespace {

std::string string_of(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string googleapi_error(int status, const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  const nlohmann::json* e = nullptr;
  if (j.is_object()) {
    if (auto it = j.find("error"); it != j.end() && it->is_object()) e = &*it;
  }
  std::string message = e ? string_of(*e, "message") : "";
  const nlohmann::json* errors = nullptr;
  if (e) {
    if (auto it = e->find("errors"); it != e->end() && it->is_array() && !it->empty()) errors = &*it;
  }
  if (message.empty() && !errors) return fmt::format("googleapi: got HTTP response code {}", status);
  std::string out = fmt::format("googleapi: Error {}: {}", status, message);
  if (errors && errors->size() == 1 && (*errors)[0].is_object() &&
      string_of((*errors)[0], "message") == message) {
    out += ", " + string_of((*errors)[0], "reason");
  }
  return out;
}

Result<std::vector<std::string>> Directory::groups(const std::string& user_key, bool transitive,
                                                   const DelegatedTokens& tokens) const {
  std::set<std::string> seen;
  return collect(user_key, transitive, tokens, seen);
}

Result<std::vector<std::string>> Directory::collect(const std::string& user_key, bool transitive,
                                                    const DelegatedTokens& tokens,
                                                    std::set<std::string>& seen) const {
  std::vector<std::string> out;
  std::string page_token;
  // A hostile or broken API that never stops paging must not hold a worker forever.
  for (int page = 0; page < 1000; ++page) {
    auto authorization = tokens.authorization();
    if (!authorization)
      return failed(fmt::format("could not list groups: {}", authorization.error().message));
    // The generated client always sends pageToken, empty on the first call.
    http::Values q;
    q.set("alt", "json");
    q.set("pageToken", page_token);
    q.set("prettyPrint", "false");
    q.set("userKey", user_key);
    http_client::Request request{
        .url = base_ + "/admin/directory/v1/groups?" + q.encode(),
        .headers = {{"Authorization", *authorization}, {"Accept", "application/json"}}};
    auto response = client_.send(request);
    if (!response) return failed(fmt::format("could not list groups: {}", response.error().message));
    if (!response->ok()) {
      return failed(
          fmt::format("could not list groups: {}", googleapi_error(response->status, response->body)));
    }
    nlohmann::json list = nlohmann::json::parse(response->body, nullptr, false);
    if (!list.is_object()) return failed("could not list groups: invalid JSON in the answer");
    if (auto groups = list.find("groups"); groups != list.end() && groups->is_array()) {
      for (const auto& group : *groups) {
        if (!group.is_object()) continue;
        std::string email = string_of(group, "email");
        if (!seen.insert(email).second) continue;
        out.push_back(email);
        if (!transitive) continue;
        auto nested = collect(email, transitive, tokens, seen);
        if (!nested) {
          return failed(fmt::format("could not list transitive groups: {}", nested.error().message));
        }
        out.insert(out.end(), nested->begin(), nested->end());
      }
    }
    page_token = string_of(list, "nextPageToken");
    if (page_token.empty()) return out;
  }
  return failed("could not list groups: too many pages");
}

}  // namespace dexcc::connector::google
