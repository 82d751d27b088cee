// SHA-2 one-shot digests through OpenSSL's non-deprecated SHA256()/SHA384()/SHA512().
#include "jose/digest.h"

#include <openssl/sha.h>

namespace dexcc::jose {

Hash algorithm_hash(Algorithm alg) {
  switch (alg) {
    case Algorithm::kRS384:
    case Algorithm::kES384:
      return Hash::kSha384;
    case Algorithm::kRS512:
      return Hash::kSha512;
    case Algorithm::kRS256:
    case Algorithm::kPS256:
    case Algorithm::kES256:
      break;
  }
  return Hash::kSha256;
}

std::string digest(Hash hash, std::string_view data) {
  unsigned char out[SHA512_DIGEST_LENGTH];
  auto in = reinterpret_cast<const unsigned char*>(data.data());
  size_t len = 0;
  switch (hash) {
    case Hash::kSha256:
      SHA256(in, data.size(), out);
      len = SHA256_DIGEST_LENGTH;
      break;
    case Hash::kSha384:
      SHA384(in, data.size(), out);
      len = SHA384_DIGEST_LENGTH;
      break;
    case Hash::kSha512:
      SHA512(in, data.size(), out);
      len = SHA512_DIGEST_LENGTH;
      break;
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace dexcc::jose
