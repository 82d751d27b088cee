// Refresh: validation, the atomic rotation with upstream refresh, offline session bookkeeping.
#include "server/token/refresh.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/random.h"
#include "oauth2/refresh_token.h"
#include "oauth2/scopes.h"
#include "server/auth/flow.h"

namespace dexcc::server::token {
namespace {

constexpr const char* kInvalid = "Refresh token is invalid or has already been claimed by another client.";

// dex answers internal refresh failures with status 500 but the code invalid_request.
oauth2::Error internal(std::string debug) {
  oauth2::Error e = oauth2::invalid_request("", 500);
  e.debug = std::move(debug);
  return e;
}

bool within(base::Time now, base::Time since, base::Duration window) {
  return window > base::Duration(0) && now <= since + window;
}

}  // namespace

oauth2::Result<RefreshLookup> lookup_refresh_token(const GrantContext& ctx, std::string_view wire) {
  if (wire.empty()) return std::unexpected(oauth2::invalid_request("No refresh token is found in request."));
  // A value that is not dex's encoding is a legacy bare token ID with an empty secret.
  oauth2::RefreshTokenWire decoded = oauth2::decode_refresh_token(wire);
  auto token = ctx.store.get_refresh_token(decoded.refresh_id);
  if (!token) {
    if (token.error().not_found()) return std::unexpected(oauth2::invalid_request(kInvalid));
    return std::unexpected(internal("get refresh token: " + token.error().message));
  }
  base::Time now = ctx.clock.now();
  if (!base::constant_time_equal(decoded.token, token->token)) {
    bool reused_obsolete = within(now, token->last_used, ctx.refresh.reuse_interval) &&
                           !token->obsolete_token.empty() &&
                           base::constant_time_equal(decoded.token, token->obsolete_token);
    if (!reused_obsolete) return std::unexpected(oauth2::invalid_request(kInvalid));
  }
  if (ctx.refresh.absolute_lifetime > base::Duration(0) && now > token->created_at + ctx.refresh.absolute_lifetime) {
    return std::unexpected(oauth2::invalid_request("Refresh token expired."));
  }
  if (ctx.refresh.valid_if_not_used_for > base::Duration(0) &&
      now > token->last_used + ctx.refresh.valid_if_not_used_for) {
    return std::unexpected(oauth2::invalid_request("Refresh token expired."));
  }
  return RefreshLookup{std::move(*token), std::move(decoded.token)};
}

oauth2::Result<TokenResponse> RefreshGrant::exchange(const GrantRequest& r) const {
  auto found = lookup_refresh_token(ctx_, r.body.get("refresh_token"));
  if (!found) return std::unexpected(found.error());
  const storage::RefreshToken& stored = found->token;
  if (stored.client_id != r.client->id) return std::unexpected(oauth2::invalid_grant(kInvalid));

  auto conn = ctx_.connectors.get(stored.connector_id);
  if (!conn) return std::unexpected(internal("get connector: " + conn.error().message));

  // Scopes may be narrowed, never widened; the stored scopes stay as they were.
  std::vector<std::string> scopes = oauth2::split_fields(r.body.get("scope"));
  if (scopes.empty()) {
    scopes = stored.scopes;
  } else {
    std::vector<std::string> unauthorized;
    for (const auto& s : scopes) {
      if (!oauth2::has_scope(stored.scopes, s)) unauthorized.push_back(s);
    }
    if (!unauthorized.empty()) {
      return std::unexpected(oauth2::invalid_request(
          fmt::format("Requested scopes contain unauthorized scope(s): {}.", oauth2::go_quote_list(unauthorized))));
    }
  }

  const connector::RefreshConnector* upstream = (*conn)->caps.refresh;
  const bool rotate = ctx_.refresh.rotate;
  const std::string presented = found->presented_secret;
  base::Time now = ctx_.clock.now();
  std::optional<oauth2::Error> failure;
  storage::RefreshToken updated;
  std::string answer_secret;
  std::string new_connector_data;
  // The token and the offline session that records its use change together or not at all.
  auto token_updater = [&](storage::RefreshToken old,
                           const storage::OfflineSessions& session) -> storage::Result<storage::RefreshToken> {
    auto abort = [&](oauth2::Error e) {
      failure = std::move(e);
      return std::unexpected(storage::Error{storage::ErrorKind::kOther, "refresh aborted"});
    };
    bool reuse = within(now, old.last_used, ctx_.refresh.reuse_interval);
    answer_secret = old.token;
    if (reuse) {
      if (rotate && !base::constant_time_equal(presented, old.token) &&
          !(base::constant_time_equal(presented, old.obsolete_token) && !old.obsolete_token.empty())) {
        return abort(oauth2::invalid_request(kInvalid));
      }
      if (!rotate) answer_secret = presented;
      old.connector_data.clear();
      updated = old;
      return old;
    }
    if (rotate) {
      if (!base::constant_time_equal(presented, old.token)) return abort(oauth2::invalid_request(kInvalid));
      old.obsolete_token = old.token;
      old.token = base::new_id();
      answer_secret = old.token;
    }
    old.last_used = now;
    if (upstream) {
      // Connector data for the upstream refresh: the token's legacy copy, else the offline session's.
      const std::string& connector_data = old.connector_data.empty() ? session.connector_data : old.connector_data;
      connector::Identity identity{.user_id = old.claims.user_id,
                                   .username = old.claims.username,
                                   .preferred_username = old.claims.preferred_username,
                                   .email = old.claims.email,
                                   .email_verified = old.claims.email_verified,
                                   .groups = old.claims.groups,
                                   .connector_data = connector_data};
      auto refreshed = upstream->refresh(auth::connector_scopes(scopes), identity);
      if (!refreshed) return abort(internal("upstream refresh: " + refreshed.error().message));
      // The user ID never changes on refresh.
      old.claims.username = refreshed->username;
      old.claims.preferred_username = refreshed->preferred_username;
      old.claims.email = refreshed->email;
      old.claims.email_verified = refreshed->email_verified;
      old.claims.groups = refreshed->groups;
      new_connector_data = refreshed->connector_data;
    }
    old.connector_data.clear();  // legacy per-token data moves to the offline session
    updated = old;
    return old;
  };
  bool session_updated = false;
  auto session_updater = [&](storage::OfflineSessions old) -> storage::Result<storage::OfflineSessions> {
    session_updated = true;
    auto ref = old.refresh.find(updated.client_id);
    if (ref == old.refresh.end() || ref->second.id != updated.id) {
      return storage::fail("refresh token does not belong to the offline session");
    }
    ref->second.last_used = updated.last_used;
    if (!new_connector_data.empty()) old.connector_data = new_connector_data;
    return old;
  };
  auto result = ctx_.store.update_refresh_token_and_offline_sessions(
      stored.id, token_updater, stored.claims.user_id, stored.connector_id, session_updater);
  if (failure) return std::unexpected(*failure);
  if (!result) {
    // The session updater ran: the error is the session's (the token's own errors come before it).
    if (session_updated) return std::unexpected(internal("update offline session: " + result.error().message));
    if (result.error().not_found()) {
      // Either the token went away meanwhile (as dex: an invalid token), or the user has no
      // offline session to record the refresh in (dex: a server error).
      auto still_there = ctx_.store.get_refresh_token(stored.id);
      if (!still_there && still_there.error().not_found()) return std::unexpected(oauth2::invalid_request(kInvalid));
      return std::unexpected(internal("update offline session: " + result.error().message));
    }
    return std::unexpected(internal("update refresh token: " + result.error().message));
  }

  tokens::TokenSubject subject{.client_id = updated.client_id,
                               .claims = updated.claims,
                               .scopes = scopes,
                               .nonce = updated.nonce,
                               .connector_id = updated.connector_id};
  auto access = ctx_.minter.access_token(subject);
  if (!access) return std::unexpected(access.error());
  auto id = ctx_.minter.id_token(subject, access->token, "");
  if (!id) return std::unexpected(id.error());
  TokenResponse out;
  out.access_token = access->token;
  out.id_token = id->token;
  out.refresh_token = oauth2::encode_refresh_token(updated.id, answer_secret);
  out.expires_in = std::chrono::duration_cast<std::chrono::seconds>(id->expiry - ctx_.clock.now()).count();
  return out;
}

}  // namespace dexcc::server::token
