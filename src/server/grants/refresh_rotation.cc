// The refresh-token rotation rule: pure decisions over the stored token, tested by table.
#include "server/grants/refresh_rotation.h"

#include "base/random.h"

namespace dexcc::server::grants {
namespace {

bool within(base::Time now, base::Time since, base::Duration window) {
  return window > base::Duration(0) && now <= since + window;
}

// The obsolete secret counts only while it is set: an empty one matches nothing.
bool is_obsolete_secret(const storage::RefreshToken& token, std::string_view presented) {
  return !token.obsolete_token.empty() && base::constant_time_equal(presented, token.obsolete_token);
}

std::unexpected<oauth2::Error> refused() {
  return std::unexpected(oauth2::invalid_request(kInvalidRefreshToken));
}

}  // namespace

oauth2::Result<RefreshRotation> rotate_refresh_token(storage::RefreshToken stored, std::string_view presented,
                                                     base::Time now, const RefreshPolicy& policy,
                                                     std::string new_secret) {
  RefreshRotation out;
  const bool is_current = base::constant_time_equal(presented, stored.token);
  out.answer_secret = stored.token;
  out.legacy_connector_data = std::move(stored.connector_data);
  stored.connector_data.clear();  // legacy per-token data moves to the offline session
  if (within(now, stored.last_used, policy.reuse_interval)) {
    if (policy.rotate && !is_current && !is_obsolete_secret(stored, presented)) return refused();
    if (!policy.rotate) out.answer_secret = std::string(presented);
    out.token = std::move(stored);
    return out;
  }
  if (policy.rotate) {
    if (!is_current) return refused();
    stored.obsolete_token = std::move(stored.token);
    stored.token = std::move(new_secret);
    out.answer_secret = stored.token;
  }
  stored.last_used = now;
  out.token = std::move(stored);
  out.refresh_upstream = true;
  return out;
}

connector::Identity upstream_identity(const RefreshRotation& rotation,
                                      const storage::OfflineSessions& session) {
  const std::string& data =
      rotation.legacy_connector_data.empty() ? session.connector_data : rotation.legacy_connector_data;
  return connector::Identity{rotation.token.claims, data};
}

void apply_refreshed_claims(storage::RefreshToken& token, const connector::Identity& refreshed) {
  std::string user_id = std::move(token.claims.user_id);
  token.claims = refreshed;
  token.claims.user_id = std::move(user_id);
}

oauth2::Result<void> check_presented_refresh(const storage::RefreshToken& stored, std::string_view presented,
                                             base::Time now, const RefreshPolicy& policy) {
  if (!base::constant_time_equal(presented, stored.token) &&
      !(within(now, stored.last_used, policy.reuse_interval) && is_obsolete_secret(stored, presented))) {
    return refused();
  }
  if (policy.absolute_lifetime > base::Duration(0) && now > stored.created_at + policy.absolute_lifetime) {
    return std::unexpected(oauth2::invalid_request("Refresh token expired."));
  }
  if (policy.valid_if_not_used_for > base::Duration(0) &&
      now > stored.last_used + policy.valid_if_not_used_for) {
    return std::unexpected(oauth2::invalid_request("Refresh token expired."));
  }
  return {};
}

}  // namespace dexcc::server::grants
