// What the load generator talks to: the server's address, issuer path and the bench client/user.
#pragma once

#include <cstdint>
#include <string>

namespace dexcc::bench {

struct Target {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string prefix = "/dex";  // the issuer URL's path
  std::string client_id = "bench";  // worker i uses "bench-<i>"
  std::string client_secret = "bench-secret";
  std::string redirect_uri = "http://127.0.0.1:5555/callback";
  std::string connector_id = "mock";  // sent as connector_id, so /auth skips the connector choice
  std::string username = "admin@example.com";
  std::string password = "password";

  // "Authorization: Basic ...\r\n" for the bench client.
  std::string basic_auth_header() const;
};

}  // namespace dexcc::bench
