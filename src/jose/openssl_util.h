// Internal to jose: RAII owners for OpenSSL objects and the error-queue drain every failure path uses.
#pragma once

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <string>
#include <string_view>

#include "jose/error.h"

namespace dexcc::jose::detail {

template <auto kFree>
struct Free {
  template <class T>
  void operator()(T* p) const {
    kFree(p);
  }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Free<EVP_MD_CTX_free>>;
// Cleared on free: these hold private exponents and primes as often as public values.
using BnPtr = std::unique_ptr<BIGNUM, Free<BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Free<BN_CTX_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Free<OSSL_PARAM_BLD_free>>;
// OSSL_PARAM_clear_free arrived in OpenSSL 3.2 (Debian 12 has 3.0): the same by hand.
inline void clear_free_params(OSSL_PARAM* params) {
  for (OSSL_PARAM* p = params; p != nullptr && p->key != nullptr; ++p) {
    if (p->data != nullptr) OPENSSL_cleanse(p->data, p->data_size);
  }
  OSSL_PARAM_free(params);
}
// Cleared on free: built from private key parameters as often as public ones.
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Free<clear_free_params>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Free<ECDSA_SIG_free>>;

// Empties OpenSSL's thread-local error queue into one message. Every failed OpenSSL call must end
// here: a stale entry left on the queue makes later, unrelated calls on the thread (TLS reads
// check SSL_get_error against it) report failures that are not theirs.
std::string drain_openssl_errors(std::string_view what);

inline std::unexpected<Error> crypto_failure(std::string_view what) {
  return fail(ErrorKind::kCrypto, drain_openssl_errors(what));
}

// Big-endian magnitude without leading zeros (Go's big.Int.Bytes), and the reverse.
std::string bn_to_bytes(const BIGNUM* bn);
// Left-padded to `size` bytes; empty when the value does not fit.
std::string bn_to_padded_bytes(const BIGNUM* bn, size_t size);
BnPtr bn_from_bytes(std::string_view bytes);

// A key of OpenSSL type `type` ("RSA", "EC") from provider parameters; `selection` is
// EVP_PKEY_PUBLIC_KEY or EVP_PKEY_KEYPAIR.
Result<PkeyPtr> pkey_from_params(const char* type, int selection, OSSL_PARAM* params);

}  // namespace dexcc::jose::detail
