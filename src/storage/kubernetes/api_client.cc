// The REST calls: /apis/dex.coreos.com/v1/namespaces/<ns>/<plural>[/<name>], JSON in and out.
#include "storage/kubernetes/api_client.h"

#include <fmt/format.h>

#include <cctype>

#include "base/base64.h"
#include "storage/kubernetes/connection.h"

namespace dexcc::storage::kubernetes {
namespace {

// Projected service account tokens are refreshed by the kubelet well before they expire; client-go
// re-reads the file every minute, and so do we.
constexpr auto kTokenRereadInterval = std::chrono::minutes(1);

std::string resource_name(const Resource& r) {
  return fmt::format("{}.{}", r.plural, kGroup);
}

// The continue token is opaque: escape all but RFC 3986's unreserved characters.
std::string query_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", c);
    }
  }
  return out;
}

std::string status_message(std::string_view body) {
  auto status = nlohmann::json::parse(body, nullptr, false);
  if (status.is_object()) {
    auto it = status.find("message");
    if (it != status.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

}  // namespace

std::string describe_failure(int status, std::string_view body, std::string_view verb, std::string_view what,
                             std::string_view ns) {
  const std::string said = status_message(body);
  const std::string tail = said.empty() ? std::string() : fmt::format(" (API server: {})", said);
  if (status == 401) {
    return fmt::format(
        "kubernetes: 401 Unauthorized: the API server did not accept our credentials to {} {} in namespace "
        "\"{}\"; check the service account token or the kubeconfig user{}",
        verb, what, ns, tail);
  }
  if (status == 403) {
    return fmt::format(
        "kubernetes: 403 Forbidden: not allowed to {} {} in namespace \"{}\"; an RBAC Role bound to this "
        "identity must grant verb \"{}\" on resource \"{}\"{}",
        verb, what, ns, verb, what, tail);
  }
  return fmt::format("kubernetes: {} {}: HTTP {}{}", verb, what, status, tail);
}

ApiClient::ApiClient(Connection connection, http_client::Client client)
    : connection_(std::move(connection)), client_(std::move(client)) {}

Result<std::unique_ptr<ApiClient>> ApiClient::create(Connection connection,
                                                     std::chrono::milliseconds timeout) {
  http_client::ClientOptions o;
  o.connect_timeout = std::min(timeout, std::chrono::milliseconds(5000));
  o.total_timeout = timeout;
  o.user_agent = "dexcc-kubernetes";
  o.max_idle_handles = 16;
  o.proxy_env = http_client::ProxyEnv{};  // the API server is reached directly
  if (!connection.ca_pem.empty()) {
    o.root_ca_pem = connection.ca_pem;
    o.trust_system_roots = false;  // client-go trusts only the cluster CA when one is given
  }
  o.insecure_skip_verify = connection.insecure_skip_verify;
  o.client_cert_pem = connection.client_cert_pem;
  o.client_key_pem = connection.client_key_pem;
  auto client = http_client::Client::create(std::move(o));
  if (!client) return fail(fmt::format("kubernetes: {}", client.error().message));
  return std::unique_ptr<ApiClient>(new ApiClient(std::move(connection), std::move(*client)));
}

std::string ApiClient::bearer_token() {
  std::lock_guard lock(token_mutex_);
  if (!connection_.token_file.empty() &&
      std::chrono::steady_clock::now() - token_read_ > kTokenRereadInterval) {
    if (auto text = read_whole_file(connection_.token_file)) connection_.token = trimmed(std::move(*text));
    token_read_ = std::chrono::steady_clock::now();
  }
  return connection_.token;
}

std::string ApiClient::path(const Resource& r, std::string_view name) const {
  std::string p = fmt::format("/apis/{}/{}/namespaces/{}/{}", kGroup, kVersion, connection_.ns, r.plural);
  if (!name.empty()) fmt::format_to(std::back_inserter(p), "/{}", name);
  return p;
}

Result<http_client::Response> ApiClient::call(std::string_view method, const std::string& path,
                                              const std::string& body, std::string_view verb,
                                              std::string_view what, std::initializer_list<int> expected) {
  http_client::Request request;
  request.method = std::string(method);
  request.url = connection_.server + path;
  request.headers.add("Accept", "application/json");
  if (!body.empty()) request.headers.add("Content-Type", "application/json");
  if (auto token = bearer_token(); !token.empty()) {
    request.headers.add("Authorization", "Bearer " + token);
  } else if (!connection_.username.empty()) {
    request.headers.add("Authorization",
                        "Basic " + base::base64_encode(connection_.username + ":" + connection_.password));
  }
  request.body = body;
  auto response = client_.send(request);
  if (!response) {
    return fail(
        fmt::format("kubernetes: {} {} at {}: {}", verb, what, connection_.server, response.error().message));
  }
  if (response->ok()) return std::move(*response);
  for (int status : expected) {
    if (response->status == status) return std::move(*response);
  }
  return fail(describe_failure(response->status, response->body, verb, what, connection_.ns));
}

Result<std::optional<nlohmann::json>> ApiClient::get(const Resource& r, std::string_view name) {
  auto response = call("GET", path(r, name), {}, "get", resource_name(r), {404});
  if (!response) return std::unexpected(response.error());
  if (response->status == 404) return std::optional<nlohmann::json>();
  auto object = nlohmann::json::parse(response->body, nullptr, false);
  if (!object.is_object())
    return fail(fmt::format("kubernetes: get {}: the answer is not a JSON object", resource_name(r)));
  return std::optional<nlohmann::json>(std::move(object));
}

Result<std::vector<nlohmann::json>> ApiClient::list(const Resource& r, int page_size) {
  std::vector<nlohmann::json> items;
  std::string next;
  do {
    std::string p = fmt::format("{}?limit={}", path(r), page_size);
    if (!next.empty()) p += "&continue=" + query_escape(next);
    auto response = call("GET", p, {}, "list", resource_name(r));
    if (!response) return std::unexpected(response.error());
    auto page = nlohmann::json::parse(response->body, nullptr, false);
    if (!page.is_object())
      return fail(fmt::format("kubernetes: list {}: the answer is not a JSON object", resource_name(r)));
    if (auto it = page.find("items"); it != page.end() && it->is_array()) {
      for (auto& item : *it) items.push_back(std::move(item));
    }
    next.clear();
    if (auto meta = page.find("metadata"); meta != page.end() && meta->is_object()) {
      if (auto c = meta->find("continue"); c != meta->end() && c->is_string()) next = c->get<std::string>();
    }
  } while (!next.empty());
  return items;
}

Result<bool> ApiClient::create(const Resource& r, const nlohmann::json& object) {
  auto response = call("POST", path(r), object.dump(), "create", resource_name(r), {409});
  if (!response) return std::unexpected(response.error());
  return response->status != 409;
}

Result<bool> ApiClient::replace(const Resource& r, std::string_view name, const nlohmann::json& object) {
  auto response = call("PUT", path(r, name), object.dump(), "update", resource_name(r), {409});
  if (!response) return std::unexpected(response.error());
  return response->status != 409;
}

Result<bool> ApiClient::remove(const Resource& r, std::string_view name) {
  auto response = call("DELETE", path(r, name), {}, "delete", resource_name(r), {404});
  if (!response) return std::unexpected(response.error());
  return response->status != 404;
}

}  // namespace dexcc::storage::kubernetes
