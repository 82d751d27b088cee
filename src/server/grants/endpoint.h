// The token endpoint: POST /token, dispatching to the grants the configuration enables
// (reference dex-server.md §3.1, §3.8).
//
//   1. method must be POST, form must parse          -> invalid_request
//   2. grant_type from the body, among the supported -> unsupported_grant_type
//   3. client authentication (Basic, else body)      -> invalid_client (401)
//   4. grant.exchange                                -> the grant's own errors
//   5. render: JSON, Cache-Control: no-store
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "http/router.h"
#include "server/grants/grant.h"
#include "storage/storage.h"

namespace dexcc::server::grants {

class TokenEndpoint {
 public:
  TokenEndpoint(storage::ClientStore& clients, std::vector<std::unique_ptr<Grant>> grants);

  void mount(http::Router& router) const;
  http::Response handle(const http::Request& req) const;
  // Answers one grant directly (the legacy /device/token endpoint shares the device grant).
  http::Response run(const Grant& grant, const http::Request& req) const;

  const Grant* find(std::string_view type) const;

 private:
  storage::ClientStore& clients_;
  std::vector<std::unique_ptr<Grant>> grants_;
};

// Client authentication as dex does it for /token: HTTP Basic (form-decoded) when present, else
// client_id/client_secret from the body; the secret is compared in constant time (empty for public
// clients without one).
oauth2::Result<storage::Client> authenticate_client(storage::ClientStore& clients, const http::Request& req,
                                                    const http::Values& body);

// A JSON error response with the OAuth2 error's status.
http::Response token_error(const oauth2::Error& e);
// The 400 invalid_request for a form that did not parse: with `description`, or with
// http::kTooManyParameters when that is why.
http::Response form_error(const http::Request::Form& form, const std::string& description);
// token_error for a failed authenticate_client. A client that tried HTTP Basic is refused with
// `WWW-Authenticate: Basic` (RFC 6749 §5.2 "MUST"; dex sends none).
http::Response client_auth_error(const http::Request& req, const oauth2::Error& e);
// A successful token response with dex's headers.
http::Response token_success(const TokenResponse& r);

}  // namespace dexcc::server::grants
