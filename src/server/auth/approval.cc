// /approval and the authorization response: the consent page, then the code and/or tokens sent to
// the client (reference dex-server.md §2.7-2.8).
#include <fmt/format.h>

#include "base/base64.h"
#include "base/log.h"
#include "base/random.h"
#include "base/url.h"
#include "oauth2/response_types.h"
#include "server/auth/flow.h"
#include "server/auth/messages.h"
#include "server/auth/redirect.h"

namespace dexcc::server::auth {
namespace {

// Authorization codes live 30 minutes, fixed, as in dex.
constexpr auto kAuthCodeLifetime = std::chrono::minutes(30);

bool has(const std::vector<std::string>& v, std::string_view x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

http::Response AuthFlow::handle_approval(const http::Request& req) const {
  const auto& form = req.form();
  // Other parse errors are ignored, as dex's r.FormValue ignores them.
  if (form.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
  const auto& values = form.values;
  std::string mac(values.get("hmac"));
  if (mac.empty() || !base::base64url_decode(mac)) return pages_.error(req, 401, kMsgUnauthorized);
  auto ar = stores_.auth_requests.get_auth_request(values.get("req"));
  if (!ar) {
    if (ar.error().not_found()) return pages_.error(req, 400, kMsgSessionError);
    log::error("failed to get auth request", {{"error", ar.error().message}});
    return pages_.error(req, 500, kMsgDatabase);
  }
  if (!ar->logged_in) return pages_.error(req, 400, "Login process not yet finalized.");
  if (!base::constant_time_equal(approval_mac(ar->hmac_key, ar->id), mac)) {
    return pages_.error(req, 401, kMsgUnauthorized);
  }
  if (req.method == "GET") {
    auto client = stores_.clients.get_client(ar->client_id);
    if (!client) {
      log::error("failed to get client", {{"client_id", ar->client_id}, {"error", client.error().message}});
      return pages_.error(req, 500, "Failed to retrieve client.");
    }
    return pages_.approval(req, ApprovalForm{.user = ar->claims.username,
                                             .client_name = client->name,
                                             .auth_request_id = ar->id,
                                             .hmac = mac,
                                             .scopes = ar->scopes});
  }
  if (req.method != "POST") return pages_.error(req, 400, "Unsupported request method.");
  if (values.get("approval") != "approve") return deny(req, *ar);
  return send_response(req, *ar);
}

http::Response AuthFlow::deny(const http::Request& req, const storage::AuthRequest& ar) const {
  // dex v2.45.1 answers a refusal with a 500 page; RFC 6749 §4.1.2.1 says access_denied goes back to
  // the client, so the application learns what happened.
  auto deleted = stores_.auth_requests.delete_auth_request(ar.id);
  if (!deleted && !deleted.error().not_found()) return pages_.error(req, 500, kMsgDatabase);
  if (!base::parse_url(ar.redirect_uri)) return pages_.error(req, 500, kMsgInvalidRedirect);
  Params params{{"error", "access_denied"}, {"error_description", "The user denied the request."}};
  add_state(params, ar.state);
  return see_other(with_query(ar.redirect_uri, params));
}

http::Response AuthFlow::send_response(const http::Request& req, const storage::AuthRequest& ar) const {
  base::Time now = clock_.now();
  if (now > ar.expiry) return pages_.error(req, 400, kMsgSessionExpired);
  // Single use: whoever deletes the request first sends the response.
  if (auto deleted = stores_.auth_requests.delete_auth_request(ar.id); !deleted) {
    if (deleted.error().not_found()) return pages_.error(req, 400, kMsgSessionError);
    log::error("failed to delete auth request", {{"error", deleted.error().message}});
    return pages_.error(req, 500, "Internal server error.");
  }
  // As dex: a URI Go's url.Parse refuses gets no redirect. Only a registered URI can be one (the
  // loopback rule parsed the others at /auth); dex fails here, after the request is used up.
  if (!base::parse_url(ar.redirect_uri)) return pages_.error(req, 500, kMsgInvalidRedirect);

  // Code, then token, then id_token, whatever order the client listed them in (as newer dex does),
  // so the ID token always carries at_hash and c_hash for what accompanies it.
  std::string code, access_token, id_token;
  base::Time id_token_expiry{};
  if (has(ar.response_types, oauth2::kResponseTypeCode)) {
    storage::AuthCode c{.id = base::new_id(),
                        .client_id = ar.client_id,
                        .redirect_uri = ar.redirect_uri,
                        .nonce = ar.nonce,
                        .scopes = ar.scopes,
                        .connector_id = ar.connector_id,
                        .connector_data = ar.connector_data,
                        .claims = ar.claims,
                        .expiry = now + kAuthCodeLifetime,
                        .pkce = ar.pkce};
    if (auto created = stores_.auth_codes.create_auth_code(c); !created) {
      log::error("failed to create auth code", {{"error", created.error().message}});
      return pages_.error(req, 500, "Internal server error.");
    }
    if (ar.redirect_uri == oauth2::kRedirectUriOob) return pages_.oob(req, c.id);
    code = c.id;
  }
  tokens::TokenSubject subject{.client_id = ar.client_id,
                               .claims = ar.claims,
                               .scopes = ar.scopes,
                               .nonce = ar.nonce,
                               .connector_id = ar.connector_id};
  if (has(ar.response_types, oauth2::kResponseTypeToken)) {
    auto minted = minter_.access_token(subject);
    if (!minted) {
      log::error("failed to mint an access token", {{"error", minted.error().debug}});
      return pages_.error(req, 500, "Internal server error.");
    }
    access_token = minted->token;
  }
  if (has(ar.response_types, oauth2::kResponseTypeIdToken)) {
    auto minted = minter_.id_token(subject, access_token, code);
    if (!minted) {
      log::error("failed to mint an ID token", {{"error", minted.error().debug}});
      return pages_.error(req, 500, "Internal server error.");
    }
    id_token = minted->token;
    id_token_expiry = minted->expiry;
  }

  if (access_token.empty() && id_token.empty()) {
    Params params{{"code", code}};
    add_state(params, ar.state);
    return see_other(with_query(ar.redirect_uri, params));
  }
  // Implicit and hybrid: everything goes in the fragment.
  Params fragment;
  if (!access_token.empty()) {
    fragment.emplace_back("access_token", access_token);
    fragment.emplace_back("token_type", "bearer");
  }
  add_state(fragment, ar.state);
  if (!id_token.empty()) {
    fragment.emplace_back("id_token", id_token);
    if (code.empty()) {
      auto seconds = std::chrono::duration_cast<std::chrono::seconds>(id_token_expiry - now).count();
      fragment.emplace_back("expires_in", std::to_string(seconds));
    }
  }
  if (!code.empty()) fragment.emplace_back("code", code);
  return see_other(with_fragment(ar.redirect_uri, fragment));
}

}  // namespace dexcc::server::auth
