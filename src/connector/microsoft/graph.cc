// Graph requests, paging and error decoding.
#include "connector/microsoft/graph.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/go_json.h"

namespace dexcc::connector::microsoft {
namespace {

// A broken or hostile API that never stops paging must not hold a worker.
constexpr int kMaxPages = 1000;

std::string string_of(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Go's decoding into a string field: absent or null is empty, another type an error.
bool read(const nlohmann::json& j, const char* name, std::string& out) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

std::string graph_error(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return "JSON error decode: invalid JSON";
  const nlohmann::json* e = nullptr;
  if (j.is_object()) {
    if (auto it = j.find("error"); it != j.end() && it->is_object()) e = &*it;
  }
  return e ? string_of(*e, "code") + ": " + string_of(*e, "message") : ": ";
}

Result<GraphUser> Graph::me(const std::string& authorization) const {
  http_client::Request request{.url = url_ + "/v1.0/me?$select=id,displayName,userPrincipalName",
                               .headers = {{"Authorization", authorization}}};
  auto response = client_.send(request);
  if (!response) return failed(fmt::format("get URL {}", response.error().message));
  if (response->status != 200) return failed(graph_error(response->body));
  nlohmann::json j = nlohmann::json::parse(response->body, nullptr, false);
  GraphUser user;
  if (!j.is_object() || !read(j, "id", user.id) || !read(j, "displayName", user.display_name) ||
      !read(j, "userPrincipalName", user.user_principal_name)) {
    return failed("JSON decode: the user is not the expected object");
  }
  return user;
}

Result<std::vector<nlohmann::json>> Graph::post_pages(const std::string& authorization, std::string url,
                                                      const std::string& body) const {
  std::vector<nlohmann::json> values;
  for (int page = 0; page < kMaxPages; ++page) {
    http_client::Request request{
        .method = "POST",
        .url = url,
        .headers = {{"Authorization", authorization}, {"Content-Type", "application/json"}},
        .body = body};
    auto response = client_.send(request);
    if (!response) return failed(fmt::format("post URL {}", response.error().message));
    if (response->status != 200) return failed(graph_error(response->body));
    nlohmann::json j = nlohmann::json::parse(response->body, nullptr, false);
    std::string next;
    if (!j.is_object() || !read(j, "@odata.nextLink", next))
      return failed("JSON decode: not a Graph collection");
    if (auto it = j.find("value"); it != j.end() && !it->is_null()) {
      if (!it->is_array()) return failed("JSON decode: value is not an array");
      values.push_back(std::move(*it));
    }
    if (next.empty()) return values;
    url = std::move(next);
  }
  return failed("too many pages");
}

Result<std::vector<std::string>> Graph::member_group_ids(const std::string& authorization,
                                                         bool security_only) const {
  // encoding/json's Encoder ends the body with a newline.
  std::string body =
      base::go_json_dump(nlohmann::ordered_json{{"securityEnabledOnly", security_only}}) + "\n";
  auto pages = post_pages(authorization, url_ + "/v1.0/me/getMemberGroups", body);
  if (!pages) return std::unexpected(pages.error());
  std::vector<std::string> ids;
  for (const auto& page : *pages) {
    for (const auto& id : page) {
      if (!id.is_string()) return failed("JSON decode: a group id is not a string");
      ids.push_back(id.get<std::string>());
    }
  }
  return ids;
}

Result<std::vector<std::string>> Graph::group_names(const std::string& authorization,
                                                    const std::vector<std::string>& ids) const {
  std::vector<std::string> names;
  for (size_t start = 0; start < ids.size(); start += kMaxIdsPerLookup) {
    size_t end = std::min(ids.size(), start + kMaxIdsPerLookup);
    nlohmann::ordered_json in{{"ids", std::vector<std::string>(ids.begin() + start, ids.begin() + end)},
                              {"types", {"group"}}};
    auto pages =
        post_pages(authorization, url_ + "/v1.0/directoryObjects/getByIds", base::go_json_dump(in) + "\n");
    if (!pages) return std::unexpected(pages.error());
    for (const auto& page : *pages) {
      for (const auto& group : page) {
        std::string name;
        if (!group.is_object() || !read(group, "displayName", name))
          return failed("JSON decode: not a group");
        names.push_back(std::move(name));
      }
    }
  }
  return names;
}

}  // namespace dexcc::connector::microsoft
