// /auth and /auth/{connector}: validate the request, pick a connector, store the AuthRequest and
// hand over to the connector.
#include "server/auth/flow.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/log.h"
#include "oauth2/scopes.h"
#include "server/auth/messages.h"
#include "server/auth/redirect.h"

namespace dexcc::server::auth {

AuthFlow::AuthFlow(const Issuer& issuer, FlowOptions options, FlowStores stores,
                   connector::Manager& connectors, const Pages& pages, const tokens::TokenMinter& minter,
                   const base::Clock& clock)
    : issuer_(issuer),
      options_(std::move(options)),
      stores_(stores),
      connectors_(connectors),
      pages_(pages),
      minter_(minter),
      clock_(clock) {}

void AuthFlow::mount(http::Router& router) {
  router.handle("/auth", [this](const http::Request& r) { return handle_auth(r); });
  router.handle("/auth/{connector}", [this](const http::Request& r) { return handle_connector_login(r); });
  router.handle("/auth/{connector}/login", [this](const http::Request& r) { return handle_password_login(r); });
  router.handle("/callback", [this](const http::Request& r) { return handle_callback(r); });
  router.handle("/callback/{connector}", [this](const http::Request& r) { return handle_callback(r); });
  router.handle("/approval", [this](const http::Request& r) { return handle_approval(r); });
}

http::Response AuthFlow::reject(const http::Request& req, const Rejection& r) const {
  if (!r.redirect) return pages_.error(req, r.status, r.message);
  Params params{{"error", r.error.code}};
  // Still in the request here: the state goes back exactly as sent, and not at all when absent.
  if (req.form().values.has("state")) params.emplace_back("state", r.state);
  if (!r.error.description.empty()) params.emplace_back("error_description", r.error.description);
  return see_other(with_query(r.redirect_uri, params));
}

http::Response AuthFlow::handle_auth(const http::Request& req) const {
  // dex v2.45.1 defers all validation to /auth/{connector}; dexcc validates first (as newer dex
  // does for the client), so no login page is shown for a request that cannot succeed.
  auto parsed = parse_auth_request(req, issuer_, options_.rules, stores_.clients, stores_.connectors, clock_);
  if (auto* rejected = std::get_if<Rejection>(&parsed)) return reject(req, *rejected);

  auto connectors = stores_.connectors.list_connectors();
  if (!connectors) {
    log::error("failed to list connectors", {{"request_id", req.request_id}, {"error", connectors.error().message}});
    return pages_.error(req, 500, "Failed to get list of connectors");
  }
  http::Values forwarded = req.form().values;
  std::string chosen(forwarded.get("connector_id"));
  forwarded.remove("connector_id");
  std::string query = forwarded.encode();
  auto link = [&](const std::string& id) { return issuer_.route_path("/auth/" + http::path_escape(id)) + "?" + query; };

  if (!chosen.empty()) return http::Response::redirect(302, link(chosen));
  if (connectors->size() == 1 && !options_.always_show_login_screen) {
    return http::Response::redirect(302, link(connectors->front().id));
  }
  std::sort(connectors->begin(), connectors->end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<ConnectorChoice> choices;
  for (const auto& c : *connectors) choices.push_back({c.id, c.name, c.type, link(c.id)});
  return pages_.login(req, choices);
}

http::Response AuthFlow::handle_connector_login(const http::Request& req) const {
  auto connector_id = http::path_unescape(req.param("connector"));
  if (!connector_id) return pages_.error(req, 400, kMsgNoResource);
  auto parsed = parse_auth_request(req, issuer_, options_.rules, stores_.clients, stores_.connectors, clock_);
  if (auto* rejected = std::get_if<Rejection>(&parsed)) return reject(req, *rejected);
  auto& ar = std::get<storage::AuthRequest>(parsed);

  auto conn = connectors_.get(*connector_id);
  if (!conn) {
    log::error("failed to open connector", {{"connector_id", *connector_id}, {"error", conn.error().message}});
    return pages_.error(req, 400, "Connector failed to initialize");
  }
  std::string_view requested = req.form().values.get("connector_id");
  if (!requested.empty() && requested != *connector_id) return pages_.error(req, 400, "Bad connector ID");
  if (req.method != "GET") return pages_.error(req, 400, "Unsupported request method.");

  ar.connector_id = *connector_id;
  if (auto created = stores_.auth_requests.create_auth_request(ar); !created) {
    log::error("failed to store auth request", {{"request_id", req.request_id}, {"error", created.error().message}});
    return pages_.error(req, 500, "Failed to connect to the database.");
  }

  const auto& caps = (*conn)->caps;
  connector::Scopes scopes = connector::scopes_from(ar.scopes);
  if (caps.callback) {
    auto login = caps.callback->login_url(scopes, issuer_.absolute("/callback"), ar.id);
    if (!login) {
      log::error("connector failed to build its login URL",
                 {{"connector_id", ar.connector_id}, {"error", login.error().message}});
      return pages_.error(req, 500, kMsgLoginError);
    }
    if (!login->connector_data.empty()) {
      auto saved = stores_.auth_requests.update_auth_request(ar.id, [&](storage::AuthRequest old) -> storage::Result<storage::AuthRequest> {
        old.connector_data = login->connector_data;
        return old;
      });
      if (!saved) return pages_.error(req, 500, "Database error.");
    }
    return http::Response::redirect(302, login->url);
  }
  // "Select another login method" goes back to the chooser only when there is a choice.
  std::string back;
  if (connectors_.open_count() > 1) back = issuer_.route_path("/auth") + "?" + req.form().values.encode();
  if (caps.password) {
    http::Values q;
    q.set("back", back);
    q.set("state", ar.id);
    return http::Response::redirect(
        302, issuer_.route_path("/auth/" + http::path_escape(ar.connector_id) + "/login") + "?" + q.encode());
  }
  if (caps.saml) {
    auto post = caps.saml->post_data(scopes, ar.id);
    if (!post) {
      log::error("SAML connector failed", {{"connector_id", ar.connector_id}, {"error", post.error().message}});
      return pages_.error(req, 500, kMsgLoginError);
    }
    return pages_.auto_post(req, post->sso_url, {{"SAMLRequest", post->saml_request}, {"RelayState", ar.id}});
  }
  return pages_.error(req, 400, kMsgNoResource);
}

}  // namespace dexcc::server::auth
