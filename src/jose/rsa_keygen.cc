// RSA key pairs from two probable primes (see rsa_keygen.h for why not EVP_PKEY_Q_keygen).
#include "jose/rsa_keygen.h"

#include <openssl/core_names.h>

namespace dexcc::jose::detail {
namespace {

constexpr unsigned long kPublicExponent = 65537;
// A pair of primes that fails a check is searched again; a handful of retries is already
// astronomically unlikely, so hitting the bound means the random source or OpenSSL is broken.
constexpr int kMaxAttempts = 64;

// A prime of `bits` bits (the top two set, so p*q has exactly twice as many) with gcd(e, p-1) = 1.
Result<BnPtr> search_prime(int bits, const BIGNUM* e, BN_CTX* ctx) {
  BnPtr prime(BN_secure_new()), p1(BN_secure_new()), gcd(BN_secure_new());
  if (!prime || !p1 || !gcd) return crypto_failure("out of memory");
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (!BN_generate_prime_ex2(prime.get(), bits, 0, nullptr, nullptr, nullptr, ctx)) {
      return crypto_failure("RSA prime search failed");
    }
    if (!BN_sub(p1.get(), prime.get(), BN_value_one()) || !BN_gcd(gcd.get(), p1.get(), e, ctx)) {
      return crypto_failure("RSA arithmetic failed");
    }
    if (BN_is_one(gcd.get())) return prime;
  }
  return fail(ErrorKind::kCrypto, "RSA prime search found no prime coprime to e");
}

// FIPS 186-4 B.3.1: |p - q| > 2^(bits/2 - 100), so that n cannot be factored by Fermat's method.
Result<bool> far_apart(const BIGNUM* p, const BIGNUM* q, int half_bits) {
  BnPtr diff(BN_secure_new());
  if (!diff || !BN_sub(diff.get(), p, q)) return crypto_failure("RSA arithmetic failed");
  BN_set_negative(diff.get(), 0);
  return BN_num_bits(diff.get()) > half_bits - 100;
}

Result<bool> encrypts_and_decrypts(const BIGNUM* n, const BIGNUM* e, const BIGNUM* d, BN_CTX* ctx) {
  BnPtr two(BN_new()), c(BN_new()), m(BN_secure_new());
  if (!two || !c || !m || !BN_set_word(two.get(), 2) || !BN_mod_exp(c.get(), two.get(), e, n, ctx) ||
      !BN_mod_exp_mont_consttime(m.get(), c.get(), d, n, ctx, nullptr)) {
    return crypto_failure("RSA arithmetic failed");
  }
  return BN_is_word(m.get(), 2);
}

}  // namespace

Result<PkeyPtr> generate_rsa_from_primes(int bits) {
  if (bits < 2048 || bits % 2 != 0) return fail(ErrorKind::kUnsupported, "RSA key size must be even and >= 2048");
  BnCtxPtr ctx(BN_CTX_secure_new());
  BnPtr e(BN_new()), n(BN_new()), d(BN_secure_new()), p1(BN_secure_new()), q1(BN_secure_new()),
      gcd(BN_secure_new()), lcm(BN_secure_new()), dp(BN_secure_new()), dq(BN_secure_new()), qi(BN_secure_new());
  if (!ctx || !e || !n || !d || !p1 || !q1 || !gcd || !lcm || !dp || !dq || !qi || !BN_set_word(e.get(), kPublicExponent)) {
    return crypto_failure("out of memory");
  }
  const int half = bits / 2;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto p = search_prime(half, e.get(), ctx.get());
    if (!p) return std::unexpected(p.error());
    auto q = search_prime(half, e.get(), ctx.get());
    if (!q) return std::unexpected(q.error());
    auto apart = far_apart(p->get(), q->get(), half);
    if (!apart) return std::unexpected(apart.error());
    if (!*apart) continue;
    // OpenSSL's convention (and go-jose's Precomputed.Qinv): p > q, qi = q^-1 mod p.
    if (BN_cmp(p->get(), q->get()) < 0) std::swap(*p, *q);
    // d = e^-1 mod lcm(p-1, q-1), as FIPS 186-4 and Go compute it.
    if (!BN_mul(n.get(), p->get(), q->get(), ctx.get()) || !BN_sub(p1.get(), p->get(), BN_value_one()) ||
        !BN_sub(q1.get(), q->get(), BN_value_one()) || !BN_gcd(gcd.get(), p1.get(), q1.get(), ctx.get()) ||
        !BN_mul(lcm.get(), p1.get(), q1.get(), ctx.get()) ||
        !BN_div(lcm.get(), nullptr, lcm.get(), gcd.get(), ctx.get()) ||
        BN_mod_inverse(d.get(), e.get(), lcm.get(), ctx.get()) == nullptr) {
      return crypto_failure("RSA arithmetic failed");
    }
    if (BN_num_bits(n.get()) != bits) continue;
    // FIPS 186-4 B.3.1: d > 2^(bits/2); a small d would open Wiener-style attacks.
    if (BN_num_bits(d.get()) <= half) continue;
    if (!BN_mod(dp.get(), d.get(), p1.get(), ctx.get()) || !BN_mod(dq.get(), d.get(), q1.get(), ctx.get()) ||
        BN_mod_inverse(qi.get(), q->get(), p->get(), ctx.get()) == nullptr) {
      return crypto_failure("RSA CRT values could not be computed");
    }
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p->get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q->get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi.get())) {
      return crypto_failure("out of memory");
    }
    ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    if (!params) return crypto_failure("out of memory");
    auto pkey = pkey_from_params("RSA", EVP_PKEY_KEYPAIR, params.get());
    if (!pkey) return std::unexpected(pkey.error());
    // A pairwise check against an arithmetic slip: 2^(e*d) = 2 mod n. (EVP_PKEY_pairwise_check
    // would also re-test both primes with 64 Miller-Rabin rounds, doubling the key's cost.)
    if (auto round_trip = encrypts_and_decrypts(n.get(), e.get(), d.get(), ctx.get()); !round_trip || !*round_trip) {
      return round_trip ? fail(ErrorKind::kCrypto, "new RSA key failed its pairwise check") : std::unexpected(round_trip.error());
    }
    return pkey;
  }
  return fail(ErrorKind::kCrypto, "RSA key generation gave up after repeated unsuitable primes");
}

}  // namespace dexcc::jose::detail
