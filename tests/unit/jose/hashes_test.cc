// RFC 7638 thumbprints and OIDC at_hash/c_hash, against the specifications' own examples.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "jose/digest.h"
#include "jose/thumbprint.h"
#include "jose/token_hash.h"
#include "test_keys.h"

namespace dexcc::jose {
namespace {

TEST(ThumbprintTest, Rfc7638Example) {
  Key key = testing::key_from_jwk(testing::kRfc7517A1Rsa);
  EXPECT_EQ(*jwk_thumbprint(key), testing::kRfc7638Thumbprint);
  // Private members do not change it.
  EXPECT_EQ(*jwk_thumbprint(testing::key_from_jwk(testing::kRfc7517A2Rsa)), testing::kRfc7638Thumbprint);
}

TEST(ThumbprintTest, EcUsesCrvXY) {
  Key key = testing::key_from_jwk(testing::kRfc7517A1Ec);
  std::string input =
      R"({"crv":"P-256","kty":"EC","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"})";
  EXPECT_EQ(*jwk_thumbprint(key), base::base64url_encode(digest(Hash::kSha256, input)));
}

// OpenID Connect Core 1.0 Appendix A.3 (at_hash) and A.4 (c_hash), RS256.
TEST(TokenHashTest, OidcCoreExamples) {
  EXPECT_EQ(oidc_token_hash(Algorithm::kRS256, "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ");
  EXPECT_EQ(oidc_token_hash(Algorithm::kRS256, "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"),
            "LDktKdoQak3Pk0cnXxCltA");
}

// The hash follows the signing algorithm (dex-server.md §5.1); values from Python's hashlib.
TEST(TokenHashTest, HashFollowsTheAlgorithm) {
  std::string sha256_half = oidc_token_hash(Algorithm::kRS256, "abc");
  EXPECT_EQ(oidc_token_hash(Algorithm::kES256, "abc"), sha256_half);
  EXPECT_EQ(oidc_token_hash(Algorithm::kPS256, "abc"), sha256_half);
  EXPECT_EQ(oidc_token_hash(Algorithm::kRS384, "abc"), "ywB1P0WjXou1oD1pmsZQBycsMqsO3tFj");
  EXPECT_EQ(oidc_token_hash(Algorithm::kES384, "abc"), "ywB1P0WjXou1oD1pmsZQBycsMqsO3tFj");
  EXPECT_EQ(oidc_token_hash(Algorithm::kRS512, "abc"), "3a81oZNherrMQXNJriBBMRLm-k6JqX6iCp7u5ktV05o");
}

TEST(DigestTest, Sizes) {
  EXPECT_EQ(digest(Hash::kSha256, "").size(), 32u);
  EXPECT_EQ(digest(Hash::kSha384, "").size(), 48u);
  EXPECT_EQ(digest(Hash::kSha512, "").size(), 64u);
  EXPECT_EQ(base::base64url_encode(digest(Hash::kSha256, "abc")),
            "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

}  // namespace
}  // namespace dexcc::jose
