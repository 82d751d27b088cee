// Refresh token creation and the offline session bookkeeping around it.
#include "server/grants/refresh_issue.h"

#include "base/log.h"
#include "base/random.h"
#include "oauth2/refresh_token.h"
#include "oauth2/scopes.h"

namespace dexcc::server::grants {

bool wants_refresh_token(const std::vector<std::string>& scopes, const connector::Opened& conn) {
  return conn.caps.refresh && oauth2::has_scope(scopes, oauth2::kScopeOfflineAccess);
}

oauth2::Result<std::string> issue_refresh_token(storage::RefreshStore& tokens, storage::OfflineSessionStore& sessions,
                                                const base::Clock& clock, const NewRefresh& r) {
  base::Time now = clock.now();
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
  if (auto created = tokens.create_refresh_token(token); !created) {
    return std::unexpected(oauth2::server_error("create refresh token: " + created.error().message));
  }
  auto undo = [&](const std::string& why) {
    if (auto d = tokens.delete_refresh_token(token.id); !d) {
      log::error("failed to delete a refresh token after an error", {{"error", d.error().message}});
    }
    return std::unexpected(oauth2::server_error(why));
  };

  storage::RefreshTokenRef ref{.id = token.id, .client_id = r.client_id, .created_at = now, .last_used = now};
  auto session = sessions.get_offline_sessions(r.claims.user_id, r.connector_id);
  if (!session && !session.error().not_found()) return undo("get offline session: " + session.error().message);
  if (!session) {
    storage::OfflineSessions fresh{.user_id = r.claims.user_id,
                                   .conn_id = r.connector_id,
                                   .refresh = {{r.client_id, ref}},
                                   .connector_data = r.connector_data};
    auto c = sessions.create_offline_sessions(fresh);
    if (c) return oauth2::encode_refresh_token(token.id, token.token);
    // A concurrent first login created it in between: replace its token as below.
    if (!c.error().already_exists()) return undo("create offline session: " + c.error().message);
  }
  // At most one live refresh token per user, connector and client: a new login replaces the old.
  // The replaced token is the one found inside the atomic update, so concurrent logins each delete
  // exactly the token they displaced and none is left usable but unreferenced.
  std::string replaced;
  auto u = sessions.update_offline_sessions(
      r.claims.user_id, r.connector_id, [&](storage::OfflineSessions old) -> storage::Result<storage::OfflineSessions> {
        auto previous = old.refresh.find(r.client_id);
        replaced = previous != old.refresh.end() ? previous->second.id : std::string();
        old.refresh[r.client_id] = ref;
        if (!r.connector_data.empty()) old.connector_data = r.connector_data;
        return old;
      });
  if (!u) return undo("update offline session: " + u.error().message);
  if (!replaced.empty() && replaced != token.id) {
    if (auto d = tokens.delete_refresh_token(replaced); !d && !d.error().not_found()) {
      // The session no longer points at it, so it cannot be refreshed; only garbage remains.
      log::error("failed to delete a replaced refresh token", {{"error", d.error().message}});
    }
  }
  return oauth2::encode_refresh_token(token.id, token.token);
}

}  // namespace dexcc::server::grants
