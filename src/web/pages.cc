// Page data to mustache views: connector order, scope descriptions and link filtering as dex does.
#include "web/pages.h"

#include <algorithm>
#include <string_view>

#include "http/response.h"
#include "web/relative_url.h"

namespace dexcc::web {
namespace {

using nlohmann::json;

std::string_view describe(std::string_view scope) {
  if (scope == "offline_access") return "Have offline access";
  if (scope == "profile") return "View basic profile information";
  if (scope == "email") return "View your email address";
  // Not a standard scope, but it can expose sensitive data, so dex shows it too.
  if (scope == "groups") return "View your groups";
  return {};
}

}  // namespace

std::vector<std::string> scope_descriptions(const std::vector<std::string>& scopes) {
  std::vector<std::string> out;
  for (const auto& s : scopes) {
    std::string_view d = describe(s);
    if (!d.empty()) out.emplace_back(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

json view(const LoginPage& page) {
  std::vector<ConnectorInfo> sorted = page.connectors;
  // v2.45.1 sorts by Name with Go's byte-wise string order (HEAD sorts case-insensitively).
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ConnectorInfo& a, const ConnectorInfo& b) { return a.name < b.name; });
  json list = json::array();
  for (const auto& c : sorted) {
    list.push_back({{"ID", c.id}, {"Name", c.name}, {"Type", c.type}, {"URL", safe_url(c.url)}});
  }
  return {{"Connectors", std::move(list)}};
}

json view(const PasswordPage& page) {
  return {{"PostURL", safe_url(page.post_url)},
          {"BackLink", safe_url(page.back_link)},
          {"Username", page.username},
          {"UsernamePrompt", page.username_prompt.empty() ? "Username" : page.username_prompt},
          {"Invalid", page.invalid}};
}

json view(const ApprovalPage& page) {
  return {{"User", page.user},
          {"Client", page.client},
          {"AuthReqID", page.auth_req_id},
          {"HMAC", page.hmac},
          {"Scopes", scope_descriptions(page.scopes)}};
}

json view(const OobPage& page) {
  return {{"Code", page.code}};
}

json view(const DevicePage& page) {
  return {{"PostURL", safe_url(page.post_url)}, {"UserCode", page.user_code}, {"Invalid", page.invalid}};
}

json view(const DeviceSuccessPage& page) {
  return {{"ClientName", page.client_name}};
}

json view(const ErrorPage& page) {
  return {{"ErrType", std::string(http::status_text(page.status))}, {"ErrMsg", page.message}};
}

json view(const AutoPostPage& page) {
  json fields = json::array();
  for (const auto& [name, value] : page.fields) fields.push_back({{"Name", name}, {"Value", value}});
  return {{"Action", safe_url(page.action)}, {"Fields", std::move(fields)}};
}

}  // namespace dexcc::web
