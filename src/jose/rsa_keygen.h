// Internal to jose: RSA key pairs built from two primes searched with OpenSSL's sieve-based prime test.
//
// OpenSSL 3 makes every RSA key of 2048 bits or more through SP 800-56B (FIPS 186-4 auxiliary
// primes), which costs about 200 ms of CPU per key here, most of a fresh start's time. Two
// probable primes from BN_generate_prime_ex2 cost about 25 ms each and make a key of the same
// strength, as OpenSSL 1.1, Go's crypto/rsa and dex itself generate them; the checks SP 800-56B
// adds that matter for a signing key (|p - q| large, gcd(e, p-1) = 1, d large) are made here too.
#pragma once

#include "jose/error.h"
#include "jose/openssl_util.h"

namespace dexcc::jose::detail {

// A private RSA key of `bits` bits (even, >= 2048) with e = 65537.
Result<PkeyPtr> generate_rsa_from_primes(int bits);

}  // namespace dexcc::jose::detail
