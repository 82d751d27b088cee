// FakeUpstream: a tiny HTTP/1.1 server on loopback, plain or TLS (optionally requiring a client
// certificate), answering with a handler the test gives; for tests of code that calls upstream
// identity providers. It records what it received and how many connections it accepted.
#pragma once

#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/loopback_server.h"

namespace dexcc::testing {

struct FakeResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Length is added (see below)
  std::string body;
  std::chrono::milliseconds delay{0};  // waited before answering (cut short when the server stops)
  bool close_delimited = false;        // no Content-Length: the body ends when the connection closes
};

struct FakeTls {
  std::string cert_pem;  // the server's chain, leaf first
  std::string key_pem;
  std::string client_ca_pem;  // when set, a client certificate signed by it is required
  // TLS 1.2 at most: a refused client certificate then fails the handshake itself, where TLS 1.3
  // reports it after the client has started sending.
  bool tls12_only = false;
};

struct FakeExchange {
  ReceivedRequest request;
  std::string client_common_name;  // CN of the client certificate, when one was presented
};

class FakeUpstream {
 public:
  using Handler = std::function<FakeResponse(const ReceivedRequest&)>;

  explicit FakeUpstream(Handler handler, std::optional<FakeTls> tls = std::nullopt);

  uint16_t port() const { return server_.port(); }
  // "http(s)://<host>:<port><path>".
  std::string url(std::string_view path, std::string_view host = "127.0.0.1") const;
  size_t connections() const { return server_.connections(); }
  std::vector<FakeExchange> exchanges() const;

 private:
  void serve(int fd);

  struct TlsContextFree {
    void operator()(SSL_CTX* context) const;
  };

  Handler handler_;
  std::unique_ptr<SSL_CTX, TlsContextFree> tls_context_;  // when serving TLS
  mutable std::mutex mutex_;
  std::vector<FakeExchange> exchanges_;
  LoopbackServer server_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
