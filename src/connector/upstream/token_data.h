// The upstream tokens dex keeps as ConnectorData for github, gitlab, gitea and bitbucket-cloud
// (reference §1.3), and x/oauth2's rule for reusing or renewing them on refresh.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "connector/connector.h"
#include "connector/upstream/token_endpoint.h"

namespace dexcc::connector::upstream {

struct TokenData {
  std::string access_token;
  std::string refresh_token;
  std::optional<base::Time> expiry;  // none: the token does not expire (Go's zero time)
};

// Which members a connector's Go struct has, in its field order.
enum class TokenFields {
  kAccess,               // github: {"accessToken"}
  kAccessRefresh,        // gitlab: {"accessToken","refreshToken"}
  kAccessRefreshExpiry,  // gitea, bitbucket-cloud: {"accessToken","refreshToken","expiry"}
};

// Go's json.Marshal of the struct: every member written, an unset expiry as Go's zero time.
std::string encode_token_data(const TokenData& data, TokenFields fields);
// Reads any of the forms; missing or null members are empty. nullopt when `text` is not a JSON
// object or a member has the wrong type (Go's Unmarshal fails then).
std::optional<TokenData> decode_token_data(std::string_view text);

// The token an upstream answered, with its expiry from expires_in (none when it sent none).
TokenData token_data_from(const Token& token, base::Time now);

// x/oauth2's token source: the stored token while it is valid (an access token, and no expiry or
// one more than 10 s away), otherwise a refresh_token grant; `renewed` says which. Without a
// refresh token an expired one fails as x/oauth2 does.
Result<TokenData> current_token(const TokenData& stored, const TokenEndpoint& endpoint, base::Time now,
                                bool& renewed);

}  // namespace dexcc::connector::upstream
