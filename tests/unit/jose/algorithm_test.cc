// Algorithm and curve names: exactly the JWS names we accept, nothing near them.
#include "jose/algorithm.h"

#include <gtest/gtest.h>

namespace dexcc::jose {
namespace {

TEST(AlgorithmTest, NamesRoundTrip) {
  for (auto alg : {Algorithm::kRS256, Algorithm::kRS384, Algorithm::kRS512, Algorithm::kPS256,
                   Algorithm::kES256, Algorithm::kES384}) {
    EXPECT_EQ(parse_algorithm(algorithm_name(alg)), alg);
  }
  EXPECT_EQ(algorithm_name(Algorithm::kES256), "ES256");
  for (const char* name :
       {"none", "None", "NONE", "", "HS256", "rs256", "RS256 ", "ES512", "PS384", "EdDSA", "ES256K"}) {
    EXPECT_EQ(parse_algorithm(name), std::nullopt) << name;
  }
}

TEST(AlgorithmTest, Requirements) {
  EXPECT_EQ(algorithm_key_type(Algorithm::kPS256), KeyType::kRsa);
  EXPECT_EQ(algorithm_curve(Algorithm::kRS256), Curve::kNone);
  EXPECT_EQ(algorithm_curve(Algorithm::kES384), Curve::kP384);
  EXPECT_STREQ(algorithm_digest(Algorithm::kRS512), "SHA512");
  EXPECT_TRUE(algorithm_is_pss(Algorithm::kPS256));
  EXPECT_FALSE(algorithm_is_pss(Algorithm::kRS256));
}

TEST(AlgorithmTest, Curves) {
  EXPECT_EQ(parse_curve("P-256"), Curve::kP256);
  EXPECT_EQ(parse_curve("P-384"), Curve::kP384);
  EXPECT_EQ(parse_curve("P-521"), std::nullopt);
  EXPECT_EQ(parse_curve("prime256v1"), std::nullopt);
  EXPECT_EQ(curve_name(Curve::kP384), "P-384");
  EXPECT_EQ(curve_size(Curve::kP256), 32u);
  EXPECT_EQ(curve_size(Curve::kP384), 48u);
}

}  // namespace
}  // namespace dexcc::jose
