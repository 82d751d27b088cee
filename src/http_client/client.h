// http_client::Client: a blocking HTTP/1.1 client for connectors, shared by worker threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/secret_string.h"
#include "http_client/error.h"
#include "http_client/message.h"
#include "http_client/proxy.h"

namespace dexcc::http_client {

struct ClientOptions {
  // PEM certificates to trust (load dex's config forms with root_ca.h). Any certificate here is a
  // trust anchor, an intermediate included, as in Go's x509 pools.
  std::string root_ca_pem;
  // Trust the system roots (SSL_CERT_FILE/SSL_CERT_DIR or the distribution's bundle) besides
  // root_ca_pem. On for dex's shared client (oidc, oauth, gitlab, openshift: `rootCAs` are added
  // to the system pool); turn it off where dex trusts only the given CA (github `rootCA`).
  bool trust_system_roots = true;
  // Sent when the server asks for a client certificate: the leaf first, then intermediates.
  std::string client_cert_pem;
  base::SecretString client_key_pem;  // wiped when freed
  // libcurl CONNECT_TO entries, "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT": a request for
  // HOST:PORT connects to the other address while TLS still sends and checks HOST (what etcd's
  // ssl.serverName does for an endpoint given by IP).
  std::vector<std::string> connect_to;
  // dex's insecureSkipVerify: no certificate or host name check at all.
  bool insecure_skip_verify = false;
  // TCP connect, TLS handshake and proxy tunnel together (dex dials with a 30 s timeout).
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(30)};
  // The whole exchange, redirects included (dex sets none; a hung upstream must not hold a worker).
  std::chrono::milliseconds total_timeout{std::chrono::seconds(60)};
  // Larger bodies (after gzip decoding) fail with kTooLarge; so do larger header blocks.
  size_t max_response_bytes = 10 << 20;
  size_t max_header_bytes = 1 << 20;  // Go's http.DefaultMaxHeaderBytes
  // Off: a 3xx is returned to the caller. On: up to 10 redirects are followed as Go's http.Client
  // follows them, except that Authorization and Cookie headers are dropped as soon as a redirect
  // leaves the original host (Go keeps them for subdomains) or downgrades https to http.
  bool follow_redirects = false;
  std::string user_agent = "dexcc";
  // The proxy variables; unset means this process's environment, read once at create().
  std::optional<ProxyEnv> proxy_env;
  // Idle libcurl handles kept, each holding its keep-alive connections; more may be in use.
  size_t max_idle_handles = 8;
};

class Client {
 public:
  // Parses the certificates and key once; fails with a reason fit for a connector config error.
  static base::Result<Client> create(ClientOptions options);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  // Sends `request` and waits for the whole response. Safe to call from many threads at once.
  // Any status is a Response; only a failed exchange is an Error.
  Result<Response> send(const Request& request) const;

  const ClientOptions& options() const;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dexcc::http_client
