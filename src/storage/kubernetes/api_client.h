// ApiClient: the few Kubernetes REST calls the storage makes on dex's custom resources, over
// http_client, with errors that name the verb and resource (what an RBAC rule must grant).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret_string.h"
#include "http_client/client.h"
#include "storage/error.h"
#include "storage/kubernetes/names.h"

namespace dexcc::storage::kubernetes {

// Where the API server is and how to authenticate, from the in-cluster files or a kubeconfig.
struct Connection {
  std::string server;  // "https://host:port", no trailing slash
  std::string ca_pem;  // trusted instead of the system roots when set
  bool insecure_skip_verify = false;
  std::string token;       // bearer token
  std::string token_file;  // re-read now and then: service account tokens are rotated
  std::string client_cert_pem;
  base::SecretString client_key_pem;  // wiped when freed
  std::string username;  // basic auth (old kubeconfigs)
  std::string password;
  std::string ns = "default";
};

class ApiClient {
 public:
  static Result<std::unique_ptr<ApiClient>> create(Connection connection, std::chrono::milliseconds timeout);

  // The object, or nullopt on 404.
  Result<std::optional<nlohmann::json>> get(const Resource& r, std::string_view name);
  // Every object of the kind in the namespace, read in pages (dex's GC lists with a limit too).
  Result<std::vector<nlohmann::json>> list(const Resource& r, int page_size = 500);
  // false when an object of that name exists (409 AlreadyExists).
  Result<bool> create(const Resource& r, const nlohmann::json& object);
  // PUT with the object's metadata.resourceVersion; false when it is stale (409 Conflict).
  Result<bool> replace(const Resource& r, std::string_view name, const nlohmann::json& object);
  // false when there was nothing to delete (404).
  Result<bool> remove(const Resource& r, std::string_view name);

  // One call on any path of the API server; `verb` and `what` word the errors. Any status other
  // than those in `expected` (2xx always) becomes an error.
  Result<http_client::Response> call(std::string_view method, const std::string& path,
                                     const std::string& body, std::string_view verb, std::string_view what,
                                     std::initializer_list<int> expected = {});

  const std::string& ns() const { return connection_.ns; }
  const std::string& server() const { return connection_.server; }

 private:
  ApiClient(Connection connection, http_client::Client client);
  std::string path(const Resource& r, std::string_view name = {}) const;
  std::string bearer_token();

  Connection connection_;
  http_client::Client client_;
  std::mutex token_mutex_;
  std::chrono::steady_clock::time_point token_read_{};
};

// The error text for a refused or failed call: 401 and 403 say which verb on which resource in
// which namespace was refused and what to grant; others quote the API server's Status message.
std::string describe_failure(int status, std::string_view body, std::string_view verb, std::string_view what,
                             std::string_view ns);

}  // namespace dexcc::storage::kubernetes
