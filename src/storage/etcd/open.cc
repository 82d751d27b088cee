// Opening the etcd backend: endpoint URLs, TLS material from files, credentials, and a first read
// so a wrong address or password is a start-up error rather than a failure on the first request.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <sstream>

#include "storage/etcd/etcd.h"
#include "storage/etcd/etcd_storage.h"
#include "storage/etcd/gateway.h"

namespace dexcc::storage::etcd {
namespace {

Result<std::string> read_file(const std::string& path, std::string_view key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(fmt::format("etcd: ssl.{}: cannot read {}", key, path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// clientv3 takes "host:port" as well as URLs; a bare address speaks TLS when ssl is configured.
std::string endpoint_url(const std::string& endpoint, bool tls) {
  if (endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
    return endpoint.ends_with('/') ? endpoint.substr(0, endpoint.size() - 1) : endpoint;
  }
  return (tls ? "https://" : "http://") + endpoint;
}

// ssl.serverName: the URL names the server so TLS sends and checks that name, and libcurl's
// CONNECT_TO sends the connection to the endpoint's real address. Returns the new URL.
std::string name_server(const std::string& url, const std::string& server_name,
                        std::vector<std::string>& connect_to) {
  const size_t start = url.find("://") + 3;
  const std::string authority = url.substr(start, url.find('/', start) - start);
  const size_t colon = authority.rfind(':');
  const bool has_port = colon != std::string::npos && authority.find(']', colon) == std::string::npos;
  const std::string host = has_port ? authority.substr(0, colon) : authority;
  const std::string port = has_port ? authority.substr(colon + 1) : "443";
  connect_to.push_back(server_name + ":" + port + ":" + host + ":" + port);
  return url.substr(0, start) + server_name + ":" + port;
}

}  // namespace

Result<std::unique_ptr<Storage>> open(const Options& o) {
  const bool tls = !o.ssl.ca_file.empty() || !o.ssl.cert_file.empty();
  GatewayOptions g;
  for (const auto& e : o.endpoints) g.endpoints.push_back(endpoint_url(e, tls));
  g.username = o.username;
  g.password = o.password;
  g.client.connect_timeout = o.dial_timeout;
  g.client.total_timeout = o.request_timeout;
  g.client.max_idle_handles = 16;
  g.client.user_agent = "dexcc-etcd";
  g.client.proxy_env = http_client::ProxyEnv{};  // etcd is reached directly, never through a proxy
  if (!o.ssl.ca_file.empty()) {
    auto ca = read_file(o.ssl.ca_file, "caFile");
    if (!ca) return std::unexpected(ca.error());
    g.client.root_ca_pem = std::move(*ca);
    g.client.trust_system_roots = false;  // clientv3 trusts only the given CA
  }
  if (!o.ssl.cert_file.empty()) {
    auto cert = read_file(o.ssl.cert_file, "certFile");
    if (!cert) return std::unexpected(cert.error());
    auto key = read_file(o.ssl.key_file, "keyFile");
    if (!key) return std::unexpected(key.error());
    g.client.client_cert_pem = std::move(*cert);
    g.client.client_key_pem = std::move(*key);
  }
  if (!o.ssl.server_name.empty()) {
    for (auto& url : g.endpoints) {
      if (url.starts_with("https://")) url = name_server(url, o.ssl.server_name, g.client.connect_to);
    }
  }
  const std::string where = fmt::format("etcd at {}", fmt::join(g.endpoints, ", "));
  auto unusable = [&where](const Error& e) {
    std::string_view reason = e.message;
    if (reason.starts_with("etcd: ")) reason.remove_prefix(6);
    return fail(fmt::format("{}: {}", where, reason));
  };
  auto gateway = Gateway::create(std::move(g));
  if (!gateway) return unusable(gateway.error());
  if (auto ping = (*gateway)->ping(); !ping) return unusable(ping.error());
  return std::unique_ptr<Storage>(std::make_unique<EtcdStorage>(std::move(*gateway), o.ns));
}

}  // namespace dexcc::storage::etcd
