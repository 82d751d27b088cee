// Authorization request validation: client, redirect URI, connector, request object, PKCE, scopes,
// response types, each failing as dex fails it.
#include "server/auth/request.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/random.h"
#include "oauth2/pkce.h"
#include "oauth2/redirect_uri.h"
#include "oauth2/response_types.h"
#include "oauth2/scopes.h"
#include "server/peers.h"

namespace dexcc::server::auth {
namespace {

Rejection page(int status, std::string message) {
  Rejection r;
  r.status = status;
  r.message = std::move(message);
  return r;
}

Rejection redirect(const std::string& uri, const std::string& state, oauth2::Error error) {
  Rejection r;
  r.redirect = true;
  r.redirect_uri = uri;
  r.state = state;
  r.error = std::move(error);
  return r;
}

}  // namespace

std::variant<storage::AuthRequest, Rejection> parse_auth_request(const http::Request& req, const Issuer& issuer,
                                                                 const RequestRules& rules, storage::ClientStore& clients,
                                                                 storage::ConnectorStore& connectors,
                                                                 const base::Clock& clock) {
  const auto& form = req.form();
  if (form.error)
    return page(400, form.too_many_parameters ? http::kTooManyParameters : "Failed to parse request.");
  const http::Values& v = form.values;
  std::string client_id(v.get("client_id"));
  // dex v2.45.1 decodes redirect_uri a second time, breaking URIs with '%' or '+'; decode once.
  std::string redirect_uri(v.get("redirect_uri"));

  auto client = clients.get_client(client_id);
  if (!client) {
    if (client.error().not_found()) return page(404, "Invalid client_id.");
    return page(500, "Database error.");
  }
  // The device flow's callback is named relatively by dex v2.45.1 ("/device/callback") and under
  // the issuer path by newer dex and by /device/auth/verify_code. Either form is the same callback:
  // open to public clients without registered URIs, and to clients registering either form.
  const std::string device_callback = issuer.route_path(oauth2::kDeviceCallbackPath);
  auto registered = [&](std::string_view uri) {
    return std::find(client->redirect_uris.begin(), client->redirect_uris.end(), uri) != client->redirect_uris.end();
  };
  bool allowed = redirect_uri == oauth2::kDeviceCallbackPath || redirect_uri == device_callback
                     ? (client->is_public && client->redirect_uris.empty()) || registered(oauth2::kDeviceCallbackPath) ||
                           registered(device_callback)
                     : oauth2::redirect_uri_allowed(client->redirect_uris, client->is_public, redirect_uri);
  if (!allowed) return page(400, "Unregistered redirect_uri.");
  // dex rewrites the relative device callback only for public clients, so a confidential client's
  // browser ends at "/device/callback" on the host root, which breaks under an issuer path; the
  // device flow's own callback lives under the issuer path for every client.
  if (redirect_uri == oauth2::kDeviceCallbackPath) redirect_uri = device_callback;

  std::string state(v.get("state"));
  auto fail = [&](oauth2::Error e) { return redirect(redirect_uri, state, std::move(e)); };

  std::string connector_id(v.get("connector_id"));
  if (!connector_id.empty()) {
    auto conn = connectors.get_connector(connector_id);
    if (!conn) {
      if (!conn.error().not_found()) {
        return fail(oauth2::make_error("server_error", "Unable to retrieve connectors", 500));
      }
      return fail(oauth2::invalid_request("Invalid ConnectorID"));
    }
  }
  if (!v.get("request").empty()) {
    return fail(oauth2::request_not_supported("Server does not support request parameter."));
  }

  std::string challenge(v.get("code_challenge"));
  std::string method(v.get("code_challenge_method"));
  if (method.empty()) method = std::string(oauth2::kPkcePlain);
  if (!challenge.empty() && std::find(rules.pkce_methods.begin(), rules.pkce_methods.end(), method) ==
                                rules.pkce_methods.end()) {
    return fail(oauth2::invalid_request(fmt::format("Unsupported PKCE challenge method ({}).", oauth2::go_quote(method))));
  }
  if (rules.pkce_enforce && challenge.empty()) {
    return fail(oauth2::invalid_request("PKCE is required. The code_challenge parameter must be provided."));
  }

  std::vector<std::string> scopes = oauth2::split_fields(v.get("scope"));
  oauth2::ScopeCheck check = oauth2::classify_scopes(scopes);
  auto untrusted = untrusted_peer_scopes(clients, client_id, check.peers);
  if (!untrusted) return fail(oauth2::make_error("server_error", "Internal server error.", 500));
  if (!check.has_openid) return fail(oauth2::invalid_scope(R"(Missing required scope(s) ["openid"].)"));
  if (!check.unrecognized.empty()) {
    return fail(oauth2::invalid_scope("Unrecognized scope(s) " + oauth2::go_quote_list(check.unrecognized)));
  }
  if (!untrusted->empty()) {
    return fail(oauth2::invalid_scope("Client can't request scope(s) " + oauth2::go_quote_list(*untrusted)));
  }

  std::string nonce(v.get("nonce"));
  auto response_types = oauth2::validate_response_types(oauth2::split_fields(v.get("response_type")),
                                                        rules.response_types, !nonce.empty(),
                                                        redirect_uri == oauth2::kRedirectUriOob);
  if (!response_types) return fail(response_types.error());

  storage::AuthRequest ar;
  ar.id = base::new_id();
  ar.client_id = client_id;
  ar.state = state;
  ar.nonce = nonce;
  ar.force_approval_prompt = v.get("approval_prompt") == "force";
  ar.scopes = std::move(scopes);
  ar.redirect_uri = redirect_uri;
  ar.response_types = std::move(*response_types);
  ar.pkce = storage::Pkce{challenge, method};  // dex stores the method ("plain") even without a challenge
  ar.hmac_key = base::new_hmac_key();
  ar.expiry = clock.now() + rules.auth_request_ttl;
  return ar;
}

}  // namespace dexcc::server::auth
