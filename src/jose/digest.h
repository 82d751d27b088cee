// One-shot SHA-2 digests for thumbprints and OIDC token hashes.
#pragma once

#include <string>
#include <string_view>

#include "jose/algorithm.h"

namespace dexcc::jose {

enum class Hash { kSha256, kSha384, kSha512 };

// The hash a signature algorithm uses: SHA-256 for RS256/PS256/ES256, SHA-384 for *384, ...
Hash algorithm_hash(Algorithm alg);

// The raw digest bytes.
std::string digest(Hash hash, std::string_view data);

}  // namespace dexcc::jose
