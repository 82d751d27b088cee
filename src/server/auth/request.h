// Parsing and validating an authorization request in dex's order (reference dex-server.md §2.2).
#pragma once

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "http/request.h"
#include "oauth2/error.h"
#include "server/issuer.h"
#include "storage/storage.h"

namespace dexcc::server::auth {

struct RequestRules {
  std::set<std::string> response_types;  // oauth2.responseTypes, verbatim
  std::vector<std::string> pkce_methods;  // oauth2.pkce.codeChallengeMethodsSupported
  bool pkce_enforce = false;
  base::Duration auth_request_ttl = std::chrono::hours(24);
};

// Where a rejected request goes: an error page (the client or redirect URI cannot be trusted) or a
// redirect to the client with error, error_description and state.
struct Rejection {
  bool redirect = false;
  int status = 400;  // page
  std::string message;
  std::string redirect_uri;  // redirect
  std::string state;
  oauth2::Error error;
};

// The validated request as an AuthRequest ready to store (connector_id still empty), or why not.
std::variant<storage::AuthRequest, Rejection> parse_auth_request(const http::Request& req, const Issuer& issuer,
                                                                 const RequestRules& rules, storage::ClientStore& clients,
                                                                 storage::ConnectorStore& connectors,
                                                                 const base::Clock& clock);

}  // namespace dexcc::server::auth
