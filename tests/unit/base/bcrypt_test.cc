// Tests for bcrypt parsing (Go's rules), verification and hashing through libxcrypt.
#include "base/bcrypt.h"

#include <gtest/gtest.h>

namespace dexcc::base {
namespace {

// bcrypt of "password" at cost 10, from dex's example config.
constexpr char kHash[] = "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W";

TEST(Bcrypt, ParsesCost) {
  EXPECT_EQ(bcrypt_cost(kHash), 10);
  EXPECT_EQ(bcrypt_cost("$2y$12$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W"), 12);
  EXPECT_FALSE(bcrypt_cost("$2a$10$short").has_value());
  EXPECT_FALSE(bcrypt_cost("$1a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W").has_value());
  EXPECT_FALSE(bcrypt_cost("$2a$99$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W").has_value());
  EXPECT_FALSE(bcrypt_cost("JDJhJDEwJDJiMmNVOENQaE9UYUdyczFIUlF1QXVlUzdKVFQ1WkhzSFN6WWlGUG0xbGVaY2s3TWM4VDRX")
                   .has_value());
}

TEST(Bcrypt, Verifies) {
  EXPECT_TRUE(bcrypt_verify("password", kHash));
  EXPECT_FALSE(bcrypt_verify("Password", kHash));
  EXPECT_FALSE(bcrypt_verify("", kHash));
  EXPECT_FALSE(bcrypt_verify(std::string("password\0x", 10), kHash));
  EXPECT_FALSE(bcrypt_verify("password", "not a hash"));
}

TEST(Bcrypt, HashesAtTheGivenCost) {
  std::string h = bcrypt_hash("s3cret", 4);
  EXPECT_EQ(bcrypt_cost(h), 4);
  EXPECT_TRUE(bcrypt_verify("s3cret", h));
  EXPECT_FALSE(bcrypt_verify("s3cre", h));
}

}  // namespace
}  // namespace dexcc::base
