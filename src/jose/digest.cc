// SHA-2 one-shot digests through OpenSSL's EVP interface with the algorithms fetched once.
#include "jose/digest.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

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

namespace {

// Fetched once: SHA256() and friends look the algorithm up in OpenSSL's provider tables on every
// call, which costs more than hashing a token (callgrind, docs/benchmarks.md).
const EVP_MD* fetched(Hash hash) {
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD* const kSha384 = EVP_MD_fetch(nullptr, "SHA384", nullptr);
  static EVP_MD* const kSha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  switch (hash) {
    case Hash::kSha384:
      return kSha384;
    case Hash::kSha512:
      return kSha512;
    case Hash::kSha256:
      break;
  }
  return kSha256;
}

}  // namespace

std::string digest(Hash hash, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, fetched(hash), nullptr) != 1) {
    // Only running out of memory gets here (the SHA-2 algorithms are always present).
    std::fputs("dexcc: fatal: OpenSSL could not compute a SHA-2 digest\n", stderr);
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace dexcc::jose
