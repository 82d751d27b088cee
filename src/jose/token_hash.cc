// at_hash/c_hash: the left half of the signing algorithm's digest, base64url-encoded.
#include "jose/token_hash.h"

#include "base/base64.h"
#include "jose/digest.h"

namespace dexcc::jose {

std::string oidc_token_hash(Algorithm alg, std::string_view value) {
  std::string sum = digest(algorithm_hash(alg), value);
  return base::base64url_encode(std::string_view(sum).substr(0, sum.size() / 2));
}

}  // namespace dexcc::jose
