// Internal to jose: an OpenSSL sign/verify context set up once per (key, algorithm), copied per use.
#pragma once

#include <string>
#include <string_view>

#include "jose/algorithm.h"
#include "jose/error.h"
#include "jose/key.h"
#include "jose/openssl_util.h"

namespace dexcc::jose::detail {

// Setting up an EVP_MD_CTX (fetching the digest and signature implementations, binding the key,
// padding) costs about as much as a whole ES256 verification; copying a ready one costs a tenth
// of that. So signers and verifiers keep one prepared context and work on copies, which also
// makes concurrent use safe: the prepared context is only ever read.
class DigestContext {
 public:
  enum class Purpose { kSign, kVerify };

  // Fails with kKeyMismatch when the key does not suit the algorithm (or has no private half
  // for signing).
  static Result<DigestContext> create(const Key& key, Algorithm alg, Purpose purpose);

  // Appends the JWS signature of `data` to `out`: PKCS#1 v1.5 or PSS bytes for RSA, r||s
  // (each left-padded to the curve size) for ECDSA.
  Result<void> sign(std::string_view data, std::string& out) const;
  // Checks a JWS signature of `data`: the length must be exact (the modulus size for RSA, twice
  // the curve size for ECDSA); fails with kBadSignature otherwise or when it does not verify.
  Result<void> verify(std::string_view data, std::string_view signature) const;

  Algorithm algorithm() const { return alg_; }

 private:
  DigestContext(MdCtxPtr prepared, Algorithm alg, size_t signature_size, size_t max_der_size)
      : prepared_(std::move(prepared)),
        alg_(alg),
        signature_size_(signature_size),
        max_der_size_(max_der_size) {}

  Result<MdCtxPtr> fresh() const;

  MdCtxPtr prepared_;
  Algorithm alg_;
  size_t signature_size_;  // bytes of a JWS signature
  size_t max_der_size_;    // bytes OpenSSL may write (DER for ECDSA)
};

}  // namespace dexcc::jose::detail
