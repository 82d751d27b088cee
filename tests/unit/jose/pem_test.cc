// PEM private keys: a written key reads back as the same key; public-only and garbage refused.
#include <gtest/gtest.h>

#include "jose/pem.h"

namespace dexcc::jose {
namespace {

TEST(Pem, RoundTripsRsaAndEcKeys) {
  for (auto key : {*Key::generate_rsa(2048), *Key::generate_ec(Curve::kP256)}) {
    auto pem = private_key_pem(key);
    ASSERT_TRUE(pem);
    EXPECT_TRUE(pem->starts_with("-----BEGIN PRIVATE KEY-----"));
    auto back = parse_private_key_pem(*pem);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_TRUE(back->has_private());
    EXPECT_TRUE(back->same_public_key(key));
  }
}

TEST(Pem, RefusesWhatIsNoPrivateKey) {
  EXPECT_FALSE(parse_private_key_pem(""));
  EXPECT_FALSE(parse_private_key_pem("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n"));
  EXPECT_FALSE(private_key_pem(*Key::generate_ec()->public_key()));
}

}  // namespace
}  // namespace dexcc::jose
