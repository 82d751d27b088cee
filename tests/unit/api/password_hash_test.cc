// dex's checkCost over Go's bcrypt.Cost: each refusal with the text dex gives.
#include "api/password_hash.h"

#include <gtest/gtest.h>

#include <string>

namespace dexcc::api {
namespace {

// A well-formed hash of the given cost prefix ("$2a$10$") padded to bcrypt's 60 characters.
std::string hash_with(std::string prefix) {
  return prefix + std::string(60 - prefix.size(), 'a');
}

TEST(PasswordHash, ReadsTheCostOfWellFormedHashes) {
  EXPECT_EQ(go_bcrypt_cost("$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W").value(), 10);
  EXPECT_EQ(go_bcrypt_cost(hash_with("$2y$16$")).value(), 16);
  EXPECT_EQ(go_bcrypt_cost(hash_with("$2$12$")).value(), 12);
}

TEST(PasswordHash, MalformedHashesGetGoTexts) {
  EXPECT_EQ(go_bcrypt_cost("$2a$10$short").error().message,
            "crypto/bcrypt: hashedSecret too short to be a bcrypted password");
  EXPECT_EQ(go_bcrypt_cost(hash_with("x2a$10$")).error().message,
            "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with 'x'");
  EXPECT_EQ(go_bcrypt_cost(hash_with("$3a$10$")).error().message,
            "crypto/bcrypt: bcrypt algorithm version '3' requested is newer than current version '2'");
  EXPECT_EQ(go_bcrypt_cost(hash_with("$2a$x1$")).error().message,
            "strconv.Atoi: parsing \"x1\": invalid syntax");
  EXPECT_EQ(go_bcrypt_cost(hash_with("$2a$03$")).error().message,
            "crypto/bcrypt: cost 3 is outside allowed range (4,31)");
  EXPECT_EQ(go_bcrypt_cost(hash_with("$2a$\x01\xff$")).error().message,
            "strconv.Atoi: parsing \"\\x01\\xff\": invalid syntax");
}

TEST(PasswordHash, DexAcceptsCostsTenToSixteen) {
  EXPECT_TRUE(check_hash_cost(hash_with("$2a$10$")));
  EXPECT_TRUE(check_hash_cost(hash_with("$2b$16$")));
  EXPECT_EQ(check_hash_cost(hash_with("$2a$09$")).error().message,
            "given hash cost = 9 does not meet minimum cost requirement = 10");
  EXPECT_EQ(check_hash_cost(hash_with("$2a$17$")).error().message,
            "given hash cost = 17 is above upper bound cost = 16, recommended cost = 12");
  EXPECT_EQ(check_hash_cost("plain").error().message,
            "parsing bcrypt hash: crypto/bcrypt: hashedSecret too short to be a bcrypted password");
}

}  // namespace
}  // namespace dexcc::api
