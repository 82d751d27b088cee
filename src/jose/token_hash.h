// OIDC at_hash and c_hash (OpenID Connect Core §3.1.3.6, §3.3.2.11; dex-server.md §5.1).
#pragma once

#include <string>
#include <string_view>

#include "jose/algorithm.h"

namespace dexcc::jose {

// base64url (no padding) of the left half of the digest of `value`, with the hash of the ID
// token's signing algorithm: 16 bytes of SHA-256 for RS256/ES256, 24 of SHA-384 for *384, 32 of
// SHA-512 for RS512.
std::string oidc_token_hash(Algorithm alg, std::string_view value);

}  // namespace dexcc::jose
