// Tests that random identifiers have dex's lengths and alphabets.
#include "base/random.h"

#include <gtest/gtest.h>

#include <set>

namespace dexcc::base {
namespace {

bool all_of_alphabet(const std::string& s, std::string_view alphabet) {
  return s.find_first_not_of(alphabet) == std::string::npos;
}

TEST(Random, NewIdIs25LowercaseBase32Characters) {
  for (int i = 0; i < 100; ++i) {
    std::string id = new_id();
    ASSERT_EQ(id.size(), 25u);
    EXPECT_TRUE(id[0] >= 'a' && id[0] <= 'z');
    EXPECT_TRUE(all_of_alphabet(id, "abcdefghijklmnopqrstuvwxyz234567"));
  }
}

TEST(Random, DeviceCodeAndHmacKeyAre51Characters) {
  EXPECT_EQ(new_device_code().size(), 51u);
  EXPECT_EQ(new_hmac_key().size(), 51u);
}

TEST(Random, UserCodeFormat) {
  for (int i = 0; i < 200; ++i) {
    std::string code = new_user_code();
    ASSERT_EQ(code.size(), 9u);
    EXPECT_EQ(code[4], '-');
    EXPECT_TRUE(all_of_alphabet(code.substr(0, 4) + code.substr(5), "BCDFGHJKLMNPQRSTVWXZ"));
  }
}

TEST(Random, IdsDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(new_id()).second);
}

TEST(Random, UuidIsVersion4) {
  std::string u = new_uuid();
  ASSERT_EQ(u.size(), 36u);
  EXPECT_EQ(u[14], '4');
  EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
}

TEST(Random, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("secret", "secret"));
  EXPECT_FALSE(constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(constant_time_equal("secret", "secret2"));
  EXPECT_FALSE(constant_time_equal("", "x"));
}

}  // namespace
}  // namespace dexcc::base
