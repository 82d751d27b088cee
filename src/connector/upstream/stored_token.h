// The upstream token several dex connectors keep as ConnectorData (microsoft, bitbucket-cloud,
// gitea): {"accessToken","refreshToken","expiry"}, expiry in RFC 3339 (Go's zero time when the
// provider gave none), and x/oauth2's rule for when it must be refreshed before use.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "connector/upstream/token.h"

namespace dexcc::connector::upstream {

struct StoredToken {
  std::string access_token;
  std::string refresh_token;
  std::optional<base::Time> expiry;  // nullopt: never expires (Go's zero time)

  // A token response received at `now`: expiry = now + expires_in when the provider sent one.
  static StoredToken from(const Token& token, base::Time now);
  // x/oauth2's Token.Valid: an access token that does not expire within the next 10 seconds.
  bool valid(base::Time now) const;
};

// An "expiry" member as Go's time.Time reads it: empty or Go's zero time is nullopt inside;
// false when the text is no RFC 3339 time.
bool parse_go_expiry(const std::string& text, std::optional<base::Time>& out);

// {"accessToken":"..","refreshToken":"..","expiry":"2026-12-03T07:00:00.5Z"}, members in that order.
std::string encode_stored_token(const StoredToken& token);
// Go's decoding of that struct (member names case-insensitive, null or missing members empty);
// nullopt when the text is not such an object or the expiry is no RFC 3339 time.
std::optional<StoredToken> decode_stored_token(std::string_view text);

}  // namespace dexcc::connector::upstream
