// RFC 7638 JWK thumbprints (SHA-256), as dex's Vault signer uses them for kid.
#pragma once

#include <string>

#include "jose/error.h"
#include "jose/key.h"

namespace dexcc::jose {

// base64url (no padding) of SHA-256 over the key's required members in lexicographic order:
// {"e":...,"kty":"RSA","n":...} or {"crv":...,"kty":"EC","x":...,"y":...}.
Result<std::string> jwk_thumbprint(const Key& key);

}  // namespace dexcc::jose
