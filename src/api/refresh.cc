// ListRefresh and RevokeRefresh: a user's refresh tokens, found through the offline session that
// the ID token's `sub` (user ID and connector ID) names.
#include "api/handlers.h"
#include "base/log.h"
#include "oauth2/subject.h"

namespace dexcc::api {

Outcome Handlers::list_refresh(const pb::ListRefreshReq& req, pb::ListRefreshResp& resp) {
  auto sub = oauth2::decode_subject(req.user_id());
  if (!sub) {
    log::error("api: failed to unmarshal ID Token subject", {{"err", sub.error().message}});
    return std::unexpected(sub.error());
  }
  auto session = stores_.offline_sessions.get_offline_sessions(sub->user_id, sub->conn_id);
  if (!session) {
    // A user who never got a refresh token has no offline session: an empty list, not an error.
    if (session.error().not_found()) return {};
    log::error("api: failed to list refresh tokens",
               {{"user_id", sub->user_id}, {"err", session.error().message}});
    return base::fail(session.error().message);
  }
  for (const auto& [client_id, ref] : session->refresh) {
    pb::RefreshTokenRef* out = resp.add_refresh_tokens();
    out->set_id(ref.id);
    out->set_client_id(ref.client_id);
    out->set_created_at(
        std::chrono::duration_cast<std::chrono::seconds>(ref.created_at.time_since_epoch()).count());
    out->set_last_used(
        std::chrono::duration_cast<std::chrono::seconds>(ref.last_used.time_since_epoch()).count());
  }
  return {};
}

Outcome Handlers::revoke_refresh(const pb::RevokeRefreshReq& req, pb::RevokeRefreshResp& resp) {
  auto sub = oauth2::decode_subject(req.user_id());
  if (!sub) {
    log::error("api: failed to unmarshal ID Token subject", {{"err", sub.error().message}});
    return std::unexpected(sub.error());
  }
  std::string refresh_id;
  auto updated = stores_.offline_sessions.update_offline_sessions(
      sub->user_id, sub->conn_id,
      [&](storage::OfflineSessions old) -> storage::Result<storage::OfflineSessions> {
        auto it = old.refresh.find(req.client_id());
        if (it == old.refresh.end() || it->second.id.empty()) {
          log::error("api: refresh token issued to client for user not found for deletion",
                     {{"client_id", req.client_id()}, {"user_id", sub->user_id}});
          return storage::not_found();
        }
        refresh_id = it->second.id;
        old.refresh.erase(it);
        return old;
      });
  if (!updated) {
    if (updated.error().not_found()) {
      resp.set_not_found(true);
      return {};
    }
    log::error("api: failed to update offline session object", {{"err", updated.error().message}});
    return base::fail(updated.error().message);
  }
  // The session no longer names the token; deleting it makes /token refuse it at once.
  if (auto r = stores_.refresh_tokens.delete_refresh_token(refresh_id); !r) {
    log::error("failed to delete refresh token", {{"err", r.error().message}});
    return base::fail(r.error().message);
  }
  return {};
}

}  // namespace dexcc::api
