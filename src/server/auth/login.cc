// The connector's return: the password form, the upstream callback, and finalizing the login.
#include <fmt/format.h>

#include "base/log.h"
#include "base/url.h"
#include "oauth2/scopes.h"
#include "server/auth/flow.h"
#include "server/auth/messages.h"
#include "server/auth/redirect.h"

namespace dexcc::server::auth {
namespace {

// Newer dex's sanitizeBackLink: only a same-site absolute path may be linked from the form. It must
// parse as Go's url.Parse reads it, with no scheme or host, and start with a single '/' ("//host"
// and "/\host" are other sites to a browser). Control bytes are refused even in the fragment, where
// Go lets them through.
std::string safe_back_link(std::string_view back) {
  if (!back.starts_with('/') || back.starts_with("//") || back.starts_with("/\\")) return "";
  if (base::has_control_byte(back)) return "";
  auto url = base::parse_url(back);
  if (!url || !url->scheme.empty() || !url->host.empty()) return "";
  return std::string(back);
}

}  // namespace

http::Response AuthFlow::handle_password_login(const http::Request& req) const {
  http::ParsedQuery parsed = http::parse_query(req.query);
  if (parsed.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
  const http::Values& query = parsed.values;
  std::string state(query.get("state"));
  if (state.empty()) return pages_.error(req, 400, kMsgSessionError);
  auto connector_id = http::path_unescape(req.param("connector"));
  if (!connector_id) return pages_.error(req, 400, kMsgNoResource);

  auto ar = stores_.auth_requests.get_auth_request(state);
  if (!ar) {
    if (ar.error().not_found()) return pages_.error(req, 400, kMsgNoResource);
    return pages_.error(req, 500, kMsgDatabase);
  }
  if (clock_.now() > ar->expiry) return pages_.error(req, 400, kMsgSessionExpired);
  if (ar->connector_id != *connector_id) return pages_.error(req, 400, kMsgNoResource);
  auto conn = connectors_.get(ar->connector_id);
  if (!conn || !(*conn)->caps.password) return pages_.error(req, 500, kMsgNoResource);
  const connector::PasswordConnector& password = *(*conn)->caps.password;

  PasswordForm form{.post_url = req.target,
                    .back_link = safe_back_link(query.get("back")),
                    .username_prompt = password.prompt().empty() ? "Username" : password.prompt()};
  if (req.method == "GET") return pages_.password(req, form, 200);
  if (req.method != "POST") return pages_.error(req, 400, "Unsupported request method.");

  const auto& submitted = req.form();
  if (submitted.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
  const auto& values = submitted.values;
  std::string username(values.get("login"));
  auto identity = password.login(connector::scopes_from(ar->scopes), username, values.get("password"));
  if (!identity) {
    log::error("password login failed", {{"connector_id", ar->connector_id}, {"error", identity.error().message}});
    return pages_.error(req, 500, kMsgLoginError);
  }
  if (!identity->has_value()) {
    form.username = username;
    form.invalid = true;
    return pages_.password(req, form, 401);
  }
  return finalize_login(req, *ar, **identity, **conn);
}

http::Response AuthFlow::handle_callback(const http::Request& req) const {
  std::string state;
  if (req.method == "GET") {
    http::ParsedQuery parsed = http::parse_query(req.query);
    if (parsed.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
    state = parsed.values.get("state");
  } else if (req.method == "POST") {
    const auto& form = req.form();
    if (form.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
    state = form.post_values.get("RelayState");
  } else {
    return pages_.error(req, 400, "Method not supported");
  }
  if (state.empty()) return pages_.error(req, 400, kMsgSessionError);

  auto ar = stores_.auth_requests.get_auth_request(state);
  if (!ar) {
    if (ar.error().not_found()) return pages_.error(req, 400, kMsgNoResource);
    return pages_.error(req, 500, kMsgDatabase);
  }
  if (clock_.now() > ar->expiry) return pages_.error(req, 400, kMsgSessionExpired);
  bool named = !req.param("connector").empty();
  if (named) {
    auto path_id = http::path_unescape(req.param("connector"));
    if (!path_id || *path_id != ar->connector_id) return pages_.error(req, 400, kMsgNoResource);
  }
  auto conn = connectors_.get(ar->connector_id);
  if (!conn) return pages_.error(req, 500, kMsgNoResource);
  const auto& caps = (*conn)->caps;

  // On the shared /callback, X-Remote-* headers cannot come from a trusted authenticating proxy
  // (that is what /callback/{id} is for), so they are removed before any connector sees them.
  http::Request upstream = req;
  if (!named) {
    std::vector<std::string> remote;
    for (const auto& [name, value] : upstream.headers.fields()) {
      if (name.size() >= 9 && http::iequals(std::string_view(name).substr(0, 9), "X-Remote-")) remote.push_back(name);
    }
    for (const auto& name : remote) upstream.headers.remove(name);
  }

  connector::Scopes scopes = connector::scopes_from(ar->scopes);
  connector::Result<connector::Identity> identity = connector::failed("");
  if (caps.callback && req.method == "GET") {
    identity = caps.callback->handle_callback(scopes, ar->connector_data, upstream);
  } else if (caps.saml && req.method == "POST") {
    identity = caps.saml->handle_post(scopes, std::string(req.form().post_values.get("SAMLResponse")), ar->id);
  } else {
    return pages_.error(req, 400, "Invalid request");
  }
  if (!identity) {
    log::error("connector callback failed", {{"connector_id", ar->connector_id}, {"error", identity.error().message}});
    if (identity.error().kind == connector::Error::Kind::kUserNotInRequiredGroups) {
      return pages_.error(req, 403, kMsgNotInGroups);
    }
    return pages_.error(req, 500, kMsgAuthFailed);
  }
  return finalize_login(req, *ar, *identity, **conn);
}

http::Response AuthFlow::finalize_login(const http::Request& req, const storage::AuthRequest& ar,
                                        const connector::Identity& identity, const connector::Opened& conn) const {
  const storage::Claims& claims = identity;
  storage::AuthRequest updated;
  auto saved = stores_.auth_requests.update_auth_request(ar.id, [&](storage::AuthRequest old) -> storage::Result<storage::AuthRequest> {
    old.logged_in = true;
    old.claims = claims;
    old.connector_data = identity.connector_data;
    updated = old;
    return old;
  });
  if (!saved) {
    log::error("failed to finalize login", {{"request_id", req.request_id}, {"error", saved.error().message}});
    return pages_.error(req, 500, "Login error.");
  }

  // Remember the upstream session for refresh when the client asked for offline access.
  if (oauth2::has_scope(ar.scopes, oauth2::kScopeOfflineAccess) && conn.caps.refresh) {
    auto session = stores_.offline_sessions.get_offline_sessions(identity.user_id, ar.connector_id);
    storage::Result<void> written;
    bool exists = session.has_value();
    if (!session && session.error().not_found()) {
      written = stores_.offline_sessions.create_offline_sessions(storage::OfflineSessions{
          .user_id = identity.user_id, .conn_id = ar.connector_id, .connector_data = identity.connector_data});
      // A concurrent login of the same user created it first (seen under load): update that one.
      exists = !written && written.error().already_exists();
    } else if (!session) {
      written = std::unexpected(session.error());
    }
    if (exists) written = {};
    if (exists && !identity.connector_data.empty()) {
      written = stores_.offline_sessions.update_offline_sessions(
          identity.user_id, ar.connector_id, [&](storage::OfflineSessions old) -> storage::Result<storage::OfflineSessions> {
            old.connector_data = identity.connector_data;
            return old;
          });
    }
    if (!written) {
      log::error("failed to record the offline session", {{"error", written.error().message}});
      return pages_.error(req, 500, "Login error.");
    }
  }

  std::string email = identity.email + (identity.email_verified ? "" : " (unverified)");
  std::string groups;
  for (const auto& g : identity.groups) groups += (groups.empty() ? "" : ",") + g;
  log::info("login successful", {{"connector_id", ar.connector_id},
                                  {"user_id", identity.user_id},
                                  {"username", identity.username},
                                  {"preferred_username", identity.preferred_username},
                                  {"email", email},
                                  {"groups", "[" + groups + "]"},
                                  {"request_id", req.request_id}});

  if (options_.skip_approval_screen && !ar.force_approval_prompt) return send_response(req, updated);
  std::string url = issuer_.route_path("/approval") + "?req=" + ar.id + "&hmac=" + approval_mac(ar.hmac_key, ar.id);
  return see_other(url);
}

}  // namespace dexcc::server::auth
