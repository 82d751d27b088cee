// Refresh: validation, the atomic rotation with upstream refresh, offline session bookkeeping.
#include "server/grants/refresh.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/random.h"
#include "oauth2/refresh_token.h"
#include "oauth2/scopes.h"
#include "server/grants/refresh_rotation.h"

namespace dexcc::server::grants {
namespace {

// dex answers internal refresh failures with status 500 but the code invalid_request.
oauth2::Error internal(std::string debug) {
  oauth2::Error e = oauth2::invalid_request("", 500);
  e.debug = std::move(debug);
  return e;
}

// Scopes may be narrowed, never widened; the stored scopes stay as they were.
oauth2::Result<std::vector<std::string>> refresh_scopes(std::string_view requested,
                                                        const std::vector<std::string>& granted) {
  std::vector<std::string> scopes = oauth2::split_fields(requested);
  if (scopes.empty()) return granted;
  std::vector<std::string> unauthorized;
  for (const auto& s : scopes) {
    if (!oauth2::has_scope(granted, s)) unauthorized.push_back(s);
  }
  if (!unauthorized.empty()) {
    return std::unexpected(oauth2::invalid_request(fmt::format(
        "Requested scopes contain unauthorized scope(s): {}.", oauth2::go_quote_list(unauthorized))));
  }
  return scopes;
}

}  // namespace

oauth2::Result<RefreshLookup> lookup_refresh_token(storage::RefreshStore& tokens, const base::Clock& clock,
                                                   const RefreshPolicy& policy, std::string_view wire) {
  if (wire.empty()) return std::unexpected(oauth2::invalid_request("No refresh token is found in request."));
  // A value that is not dex's encoding is a legacy bare token ID with an empty secret.
  oauth2::RefreshTokenWire decoded = oauth2::decode_refresh_token(wire);
  auto token = tokens.get_refresh_token(decoded.refresh_id);
  if (!token) {
    if (token.error().not_found()) return std::unexpected(oauth2::invalid_request(kInvalidRefreshToken));
    return std::unexpected(internal("get refresh token: " + token.error().message));
  }
  if (auto ok = check_presented_refresh(*token, decoded.token, clock.now(), policy); !ok) {
    return std::unexpected(ok.error());
  }
  return RefreshLookup{std::move(*token), std::move(decoded.token)};
}

oauth2::Result<TokenResponse> RefreshGrant::exchange(const GrantRequest& r) const {
  auto found = lookup_refresh_token(deps_.tokens, deps_.clock, deps_.policy, r.body.get("refresh_token"));
  if (!found) return std::unexpected(found.error());
  const storage::RefreshToken& stored = found->token;
  if (stored.client_id != r.client->id) return std::unexpected(oauth2::invalid_grant(kInvalidRefreshToken));

  auto conn = deps_.connectors.get(stored.connector_id);
  if (!conn) return std::unexpected(internal("get connector: " + conn.error().message));
  auto scopes = refresh_scopes(r.body.get("scope"), stored.scopes);
  if (!scopes) return std::unexpected(scopes.error());

  const connector::RefreshConnector* upstream = (*conn)->caps.refresh;
  const std::string& presented = found->presented_secret;
  base::Time now = deps_.clock.now();
  RefreshRotation rotation;
  std::string new_connector_data;
  // The token and the offline session that records its use change together or not at all.
  auto token_updater =
      [&](storage::RefreshToken old,
          const storage::OfflineSessions& session) -> storage::Result<storage::RefreshToken> {
    auto decided = rotate_refresh_token(std::move(old), presented, now, deps_.policy,
                                        deps_.policy.rotate ? base::new_id() : std::string());
    if (!decided) return storage::abort_with(decided.error());
    rotation = std::move(*decided);
    new_connector_data.clear();
    if (rotation.refresh_upstream && upstream) {
      auto refreshed =
          upstream->refresh(connector::scopes_from(*scopes), upstream_identity(rotation, session));
      if (!refreshed) return storage::abort_with(internal("upstream refresh: " + refreshed.error().message));
      apply_refreshed_claims(rotation.token, *refreshed);
      new_connector_data = refreshed->connector_data;
    }
    return rotation.token;
  };
  bool session_updated = false;
  auto session_updater = [&](storage::OfflineSessions old) -> storage::Result<storage::OfflineSessions> {
    session_updated = true;
    auto ref = old.refresh.find(rotation.token.client_id);
    if (ref == old.refresh.end() || ref->second.id != rotation.token.id) {
      // A newer login of this user into this client replaced the token (its deletion is on the
      // way): the presented token is dead, as it will be once deleted. dex answers 500 here.
      return storage::abort_with(oauth2::invalid_request(kInvalidRefreshToken));
    }
    ref->second.last_used = rotation.token.last_used;
    if (!new_connector_data.empty()) old.connector_data = new_connector_data;
    return old;
  };
  auto result = deps_.rotation.update_refresh_token_and_offline_sessions(
      stored.id, token_updater, stored.claims.user_id, stored.connector_id, session_updater);
  if (!result) {
    if (const auto* refusal = result.error().aborted_with<oauth2::Error>()) return std::unexpected(*refusal);
    // The session updater ran: the error is the session's (the token's own errors come before it).
    if (session_updated)
      return std::unexpected(internal("update offline session: " + result.error().message));
    if (result.error().not_found()) {
      // Either the token went away meanwhile (as dex: an invalid token), or the user has no
      // offline session to record the refresh in (dex: a server error).
      auto still_there = deps_.tokens.get_refresh_token(stored.id);
      if (!still_there && still_there.error().not_found()) {
        return std::unexpected(oauth2::invalid_request(kInvalidRefreshToken));
      }
      return std::unexpected(internal("update offline session: " + result.error().message));
    }
    return std::unexpected(internal("update refresh token: " + result.error().message));
  }

  const storage::RefreshToken& updated = rotation.token;
  tokens::TokenSubject subject{.client_id = updated.client_id,
                               .claims = updated.claims,
                               .scopes = *scopes,
                               .nonce = updated.nonce,
                               .connector_id = updated.connector_id};
  auto access = deps_.minter.access_token(subject);
  if (!access) return std::unexpected(access.error());
  auto id = deps_.minter.id_token(subject, access->token, "");
  if (!id) return std::unexpected(id.error());
  TokenResponse out;
  out.access_token = access->token;
  out.id_token = id->token;
  out.refresh_token = oauth2::encode_refresh_token(updated.id, rotation.answer_secret);
  out.expires_in = std::chrono::duration_cast<std::chrono::seconds>(id->expiry - deps_.clock.now()).count();
  return out;
}

}  // namespace dexcc::server::grants
