// PKCE challenge computation over OpenSSL's SHA-256.
#include "oauth2/pkce.h"

#include <openssl/sha.h>

#include "base/base64.h"
#include "base/random.h"

namespace dexcc::oauth2 {

bool pkce_method_supported(std::string_view method) { return method == kPkceS256 || method == kPkcePlain; }

std::string pkce_challenge(std::string_view verifier, std::string_view method) {
  if (method != kPkceS256) return std::string(verifier);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return base::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool pkce_verify(std::string_view verifier, std::string_view challenge, std::string_view method) {
  return base::constant_time_equal(pkce_challenge(verifier, method), challenge);
}

}  // namespace dexcc::oauth2
