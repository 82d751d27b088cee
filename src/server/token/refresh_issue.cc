// Refresh token creation and the offline session bookkeeping around it.
#include "server/token/refresh_issue.h"

#include "base/log.h"
#include "base/random.h"
#include "oauth2/refresh_token.h"
#include "oauth2/scopes.h"

namespace dexcc::server::token {

bool wants_refresh_token(const std::vector<std::string>& scopes, const connector::Opened& conn) {
  return conn.caps.refresh && oauth2::has_scope(scopes, oauth2::kScopeOfflineAccess);
}

oauth2::Result<std::string> issue_refresh_token(const GrantContext& ctx, const NewRefresh& r) {
  base::Time now = ctx.clock.now();
  storage::RefreshToken token{.id = base::new_id(),
                              .token = base::new_id(),
                              .created_at = now,
                              .last_used = now,
                              .client_id = r.client_id,
                              .connector_id = r.connector_id,
                              .connector_data = r.connector_data,
                              .claims = r.claims,
                              .scopes = r.scopes,
                              .nonce = r.nonce};
  if (auto created = ctx.store.create_refresh_token(token); !created) {
    return std::unexpected(oauth2::server_error("create refresh token: " + created.error().message));
  }
  auto undo = [&](const std::string& why) {
    if (auto d = ctx.store.delete_refresh_token(token.id); !d) {
      log::error("failed to delete a refresh token after an error", {{"error", d.error().message}});
    }
    return std::unexpected(oauth2::server_error(why));
  };

  storage::RefreshTokenRef ref{.id = token.id, .client_id = r.client_id, .created_at = now, .last_used = now};
  auto session = ctx.store.get_offline_sessions(r.claims.user_id, r.connector_id);
  if (!session) {
    if (!session.error().not_found()) return undo("get offline session: " + session.error().message);
    storage::OfflineSessions fresh{.user_id = r.claims.user_id,
                                   .conn_id = r.connector_id,
                                   .refresh = {{r.client_id, ref}},
                                   .connector_data = r.connector_data};
    if (auto c = ctx.store.create_offline_sessions(fresh); !c) return undo("create offline session: " + c.error().message);
  } else {
    // At most one live refresh token per user, connector and client: a new login replaces the old.
    if (auto old = session->refresh.find(r.client_id); old != session->refresh.end()) {
      auto d = ctx.store.delete_refresh_token(old->second.id);
      if (!d && !d.error().not_found()) return undo("delete previous refresh token: " + d.error().message);
    }
    auto u = ctx.store.update_offline_sessions(
        r.claims.user_id, r.connector_id, [&](storage::OfflineSessions old) -> storage::Result<storage::OfflineSessions> {
          old.refresh[r.client_id] = ref;
          if (!r.connector_data.empty()) old.connector_data = r.connector_data;
          return old;
        });
    if (!u) return undo("update offline session: " + u.error().message);
  }
  return oauth2::encode_refresh_token(token.id, token.token);
}

}  // namespace dexcc::server::token
