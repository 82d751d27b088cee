// jose::Key: generation, shared copies, public halves and the sizes signatures depend on.
#include "jose/key.h"

#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <utility>

#include "test_keys.h"

namespace dexcc::jose {
namespace {

TEST(KeyTest, GeneratedKeysHaveTheirShape) {
  const Key& rsa = testing::generated_rsa();
  EXPECT_EQ(rsa.type(), KeyType::kRsa);
  EXPECT_EQ(rsa.curve(), Curve::kNone);
  EXPECT_EQ(rsa.bits(), 2048);
  EXPECT_TRUE(rsa.has_private());
  EXPECT_EQ(rsa.signature_size(), 256u);

  const Key& p256 = testing::generated_p256();
  EXPECT_EQ(p256.type(), KeyType::kEc);
  EXPECT_EQ(p256.curve(), Curve::kP256);
  EXPECT_TRUE(p256.has_private());
  EXPECT_EQ(p256.signature_size(), 64u);
  EXPECT_EQ(testing::generated_p384().signature_size(), 96u);
}

TEST(KeyTest, GenerationLimits) {
  EXPECT_EQ(Key::generate_rsa(1024).error().kind, ErrorKind::kUnsupported);
  EXPECT_EQ(Key::generate_rsa(100000).error().kind, ErrorKind::kUnsupported);
  EXPECT_EQ(Key::generate_ec(Curve::kNone).error().kind, ErrorKind::kUnsupported);
}

TEST(KeyTest, PublicHalf) {
  for (const Key* key : {&testing::generated_rsa(), &testing::generated_p256()}) {
    auto pub = key->public_key();
    ASSERT_TRUE(pub);
    EXPECT_FALSE(pub->has_private());
    EXPECT_EQ(pub->type(), key->type());
    EXPECT_EQ(pub->curve(), key->curve());
    EXPECT_EQ(pub->bits(), key->bits());
    EXPECT_TRUE(pub->same_public_key(*key));
    EXPECT_TRUE(key->same_public_key(*pub));
    // The public half of a public key is itself.
    EXPECT_TRUE(pub->public_key()->same_public_key(*key));
  }
  EXPECT_FALSE(testing::generated_rsa().same_public_key(testing::generated_p256()));
  EXPECT_FALSE(testing::generated_p256().same_public_key(testing::generated_p384()));
}

TEST(KeyTest, CopiesShareTheKeyAndMovesEmpty) {
  Key a = testing::generated_p256();
  Key b = a;
  EXPECT_EQ(a.native(), b.native());
  Key c = std::move(b);
  EXPECT_EQ(c.native(), a.native());
  EXPECT_EQ(b.native(), nullptr);  // NOLINT(bugprone-use-after-move): documented state
  b = c;
  EXPECT_EQ(b.native(), a.native());
  b = testing::generated_rsa();
  EXPECT_EQ(b.type(), KeyType::kRsa);
  Key& same = b;
  b = same;  // self-assignment is harmless
  EXPECT_EQ(b.type(), KeyType::kRsa);
}

TEST(KeyTest, AdoptRefusesOtherKeyTypes) {
  EXPECT_EQ(Key::adopt(nullptr).error().kind, ErrorKind::kMalformed);
  EVP_PKEY* ed = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  ASSERT_NE(ed, nullptr);
  EXPECT_EQ(Key::adopt(ed).error().kind, ErrorKind::kUnsupported);
  EVP_PKEY* p521 = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
  ASSERT_NE(p521, nullptr);
  EXPECT_EQ(Key::adopt(p521).error().kind, ErrorKind::kUnsupported);
}

TEST(KeyTest, Suits) {
  const Key& rsa = testing::generated_rsa();
  for (auto alg : {Algorithm::kRS256, Algorithm::kRS384, Algorithm::kRS512, Algorithm::kPS256}) {
    EXPECT_TRUE(rsa.suits(alg));
    EXPECT_FALSE(testing::generated_p256().suits(alg));
  }
  EXPECT_FALSE(rsa.suits(Algorithm::kES256));
  EXPECT_TRUE(testing::generated_p256().suits(Algorithm::kES256));
  EXPECT_FALSE(testing::generated_p256().suits(Algorithm::kES384));
  EXPECT_TRUE(testing::generated_p384().suits(Algorithm::kES384));
  EXPECT_FALSE(testing::generated_p384().suits(Algorithm::kES256));
}

}  // namespace
}  // namespace dexcc::jose
