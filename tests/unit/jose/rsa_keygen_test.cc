// RSA keys built from two primes: the shape, the FIPS 186-4 checks and a full OpenSSL key check.
#include "jose/key.h"

#include <gtest/gtest.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <memory>

namespace dexcc::jose {
namespace {

using Bn = std::unique_ptr<BIGNUM, decltype(&BN_clear_free)>;

Bn param(const Key& key, const char* name) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key.native(), name, &bn), 1) << name;
  return Bn(bn, BN_clear_free);
}

TEST(RsaKeygenTest, KeysPassOpenSslsFullCheckAndFips186Bounds) {
  for (int i = 0; i < 3; ++i) {
    auto key = Key::generate_rsa(2048);
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->bits(), 2048);
    auto e = param(*key, OSSL_PKEY_PARAM_RSA_E);
    EXPECT_TRUE(BN_is_word(e.get(), 65537));
    auto p = param(*key, OSSL_PKEY_PARAM_RSA_FACTOR1), q = param(*key, OSSL_PKEY_PARAM_RSA_FACTOR2);
    auto d = param(*key, OSSL_PKEY_PARAM_RSA_D);
    EXPECT_EQ(BN_num_bits(p.get()), 1024);
    EXPECT_EQ(BN_num_bits(q.get()), 1024);
    EXPECT_GT(BN_cmp(p.get(), q.get()), 0);
    Bn diff(BN_new(), BN_clear_free);
    ASSERT_TRUE(BN_sub(diff.get(), p.get(), q.get()));
    EXPECT_GT(BN_num_bits(diff.get()), 1024 - 100);
    EXPECT_GT(BN_num_bits(d.get()), 1024);

    // OpenSSL's own full check: primality of p and q, n = p*q, d*e = 1 mod lcm, CRT values.
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key->native(), nullptr), EVP_PKEY_CTX_free);
    ASSERT_TRUE(ctx);
    EXPECT_EQ(EVP_PKEY_check(ctx.get()), 1);
  }
}

TEST(RsaKeygenTest, EachKeyIsNew) {
  auto a = Key::generate_rsa(2048), b = Key::generate_rsa(2048);
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(a->same_public_key(*b));
}

TEST(RsaKeygenTest, OddOrLargerSizes) {
  EXPECT_EQ(Key::generate_rsa(2049).error().kind, ErrorKind::kUnsupported);
  auto big = Key::generate_rsa(3072);
  ASSERT_TRUE(big) << big.error().message;
  EXPECT_EQ(big->bits(), 3072);
}

}  // namespace
}  // namespace dexcc::jose
