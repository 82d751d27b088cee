// The browser authorization flow (reference dex-server.md §2, dex-connectors-web-api.md §3.5):
//
//   GET  /auth                     validate, then connector list page or 302 to /auth/{id}
//   GET  /auth/{connector}         validate, store the AuthRequest, hand over to the connector
//   GET|POST /auth/{connector}/login   password form                     -> finalize
//   GET  /callback[/{connector}]   upstream returns (POST for SAML)      -> finalize
//   GET|POST /approval?req&hmac    consent page; approve -> response, deny -> access_denied
//   finalize: mark the AuthRequest logged in; skip approval or 303 to /approval
//   response: delete the AuthRequest (single use), mint code/tokens, 303 to the client
//
// State lives only in storage, keyed by the AuthRequest's random ID (the `state` the connector
// round-trips); the approval step is bound to it by an HMAC with a per-request key.
#pragma once

#include <set>
#include <string>

#include "base/clock.h"
#include "connector/manager.h"
#include "http/router.h"
#include "server/auth/pages.h"
#include "server/auth/request.h"
#include "server/issuer.h"
#include "server/tokens/minter.h"
#include "storage/storage.h"

namespace dexcc::server::auth {

struct FlowOptions {
  RequestRules rules;
  bool skip_approval_screen = false;
  bool always_show_login_screen = false;
};

// What the browser flow reads and writes.
struct FlowStores {
  storage::ClientStore& clients;
  storage::ConnectorStore& connectors;  // the login page lists them
  storage::AuthRequestStore& auth_requests;
  storage::AuthCodeStore& auth_codes;
  storage::OfflineSessionStore& offline_sessions;  // offline_access logins record the connector data
};

class AuthFlow {
 public:
  AuthFlow(const Issuer& issuer, FlowOptions options, FlowStores stores, connector::Manager& connectors,
           const Pages& pages, const tokens::TokenMinter& minter, const base::Clock& clock);

  void mount(http::Router& router);

  http::Response handle_auth(const http::Request& req) const;
  http::Response handle_connector_login(const http::Request& req) const;
  http::Response handle_password_login(const http::Request& req) const;
  http::Response handle_callback(const http::Request& req) const;
  http::Response handle_approval(const http::Request& req) const;

 private:
  http::Response reject(const http::Request& req, const Rejection& r) const;
  // Marks the request logged in (and records offline access), then answers: the client response
  // when approval is skipped, else a 303 to /approval.
  http::Response finalize_login(const http::Request& req, const storage::AuthRequest& ar,
                                const connector::Identity& identity, const connector::Opened& conn) const;
  // Deletes the AuthRequest and sends the code and/or tokens to the client.
  http::Response send_response(const http::Request& req, const storage::AuthRequest& ar) const;
  http::Response deny(const http::Request& req, const storage::AuthRequest& ar) const;

  const Issuer& issuer_;
  FlowOptions options_;
  FlowStores stores_;
  connector::Manager& connectors_;
  const Pages& pages_;
  const tokens::TokenMinter& minter_;
  const base::Clock& clock_;
};

}  // namespace dexcc::server::auth
