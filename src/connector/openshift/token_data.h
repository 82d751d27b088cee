// The openshift connector's ConnectorData: the whole golang.org/x/oauth2 Token as Go marshals it,
// {"access_token","token_type","refresh_token","expiry","expires_in"}, token_type, refresh_token
// and expires_in left out when empty, expiry always written (Go's zero time when unknown).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace dexcc::connector::openshift {

struct TokenData {
  std::string access_token, token_type, refresh_token;
  std::optional<base::Time> expiry;  // nullopt: Go's zero time (never expires)
  int64_t expires_in = 0;
};

std::string encode_token_data(const TokenData& token);
// Go's decoding (member names in any case, null as absent); nullopt when it is not such an object.
std::optional<TokenData> decode_token_data(std::string_view text);

}  // namespace dexcc::connector::openshift
