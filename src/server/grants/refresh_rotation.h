// The refresh-token rotation rule as pure functions: what one refresh writes and answers, decided
// from the stored token as the atomic update reads it (reference dex-server.md §3.3):
//
//   rotate  reuse   inside one atomic update of the token           answer         upstream refresh
//   off     yes     clear legacy connector data                     same secret    no
//   on      yes     presented = current or obsolete; nothing else   current secret no
//   on      no      presented = current; obsolete := current;       new secret     yes
//                   current := new; last_used := now
//   off     no      last_used := now                                same secret    yes
//
// `reuse` means expiry.refreshTokens.reuseInterval > 0 and now <= last_used + reuseInterval.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "connector/connector.h"
#include "oauth2/error.h"
#include "storage/entities.h"

namespace dexcc::server::grants {

// expiry.refreshTokens (reference dex-server.md §3.3); zero durations are "off".
struct RefreshPolicy {
  bool rotate = true;
  base::Duration reuse_interval{0};
  base::Duration absolute_lifetime{0};
  base::Duration valid_if_not_used_for{0};
};

// The answer dex gives for a token that is unknown, not this client's, or presented with a stale
// secret.
inline constexpr const char* kInvalidRefreshToken =
    "Refresh token is invalid or has already been claimed by another client.";

// What a refresh does to the stored token.
struct RefreshRotation {
  storage::RefreshToken token;        // the record to write (claims as stored; the legacy data cleared)
  std::string answer_secret;          // the secret the client gets back
  bool refresh_upstream = false;      // a use, not a reuse: the connector is asked for fresh claims
  std::string legacy_connector_data;  // the token's own (pre-offline-session) connector data, if any
};

// Decides the refresh of `stored` presented with `presented` at `now`. `new_secret` becomes the
// token's secret when it rotates. Refuses (invalid_request, as dex) a secret that is not the one
// the rule accepts.
oauth2::Result<RefreshRotation> rotate_refresh_token(storage::RefreshToken stored, std::string_view presented,
                                                     base::Time now, const RefreshPolicy& policy,
                                                     std::string new_secret);

// The identity handed to the connector's refresh: the stored claims with the connector data (the
// token's legacy copy when it has one, else the offline session's).
connector::Identity upstream_identity(const RefreshRotation& rotation,
                                      const storage::OfflineSessions& session);

// Takes the refreshed identity's claims into the token; the user ID never changes on refresh.
void apply_refreshed_claims(storage::RefreshToken& token, const connector::Identity& refreshed);

// The checks that need no client (introspection makes them too): the secret is the current one, or
// the obsolete one within the reuse interval; the absolute lifetime and the idle limit.
oauth2::Result<void> check_presented_refresh(const storage::RefreshToken& stored, std::string_view presented,
                                             base::Time now, const RefreshPolicy& policy);

}  // namespace dexcc::server::grants
