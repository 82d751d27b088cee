// Tests for base64 and base64url against RFC 4648 §10 vectors and Go's strictness rules.
#include "base/base64.h"

#include <gtest/gtest.h>

namespace dexcc::base {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : cases) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded).value(), plain);
  }
}

TEST(Base64Url, EncodesWithoutPadding) {
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("-_8").value(), "\xfb\xff");
}

TEST(Base64Url, AcceptsPaddedInput) { EXPECT_EQ(base64url_decode("Zg==").value(), "f"); }

TEST(Base64Url, RejectsBadInput) {
  EXPECT_FALSE(base64url_decode("Zm9v+").has_value());   // '+' is not URL-safe
  EXPECT_FALSE(base64url_decode("Z").has_value());       // impossible length
  EXPECT_FALSE(base64url_decode("Zh").has_value());      // non-zero trailing bits
  EXPECT_FALSE(base64url_decode("Zm9v\n").has_value());  // whitespace
}

TEST(Base64, RejectsMissingPadding) { EXPECT_FALSE(base64_decode("Zg").has_value()); }

}  // namespace
}  // namespace dexcc::base
