// SecretString and wipe: key material is overwritten before its memory is given back.
#include "base/secret_string.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace dexcc::base {
namespace {

constexpr char kKey[] = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ";

// Every byte of the buffer `s` owns, up to its capacity, is zero.
bool all_zero(const std::string& s) {
  return std::all_of(s.data(), s.data() + s.capacity(), [](char c) { return c == 0; });
}

TEST(Wipe, ZeroesTheWholeCapacityAndEmpties) {
  std::string s(kKey);
  s.resize(5);  // the rest of the key is still in the buffer past size()
  wipe(s);
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(all_zero(s));
}

TEST(Wipe, ReachesEveryStringInAParsedJsonValue) {
  auto j = nlohmann::json::parse(R"({"kty":"RSA","d":"secret-exponent-long-enough-for-the-heap","more":[{"p":"prime-p-also-long-enough-for-heap"}]})");
  const std::string& d = j["d"].get_ref<const std::string&>();
  const std::string& p = j["more"][0]["p"].get_ref<const std::string&>();
  wipe_json(j);
  EXPECT_TRUE(d.empty() && all_zero(d));
  EXPECT_TRUE(p.empty() && all_zero(p));
  EXPECT_TRUE(j.contains("d"));  // member names are not secret and stay
}

TEST(SecretString, ReadsLikeTheStringItHolds) {
  SecretString s = std::string(kKey);
  const std::string& text = s;
  std::string_view view = s;
  EXPECT_EQ(text, kKey);
  EXPECT_EQ(view, kKey);
  EXPECT_EQ(s, std::string_view(kKey));
  EXPECT_EQ(s.size(), sizeof kKey - 1);
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(SecretString().empty());
}

TEST(SecretString, OverwritingWipesTheOldBytesInPlace) {
  SecretString s = std::string(kKey);
  const char* buffer = s.str().data();
  s = SecretString("short");  // fits the old buffer, which is zeroed first and reused
  ASSERT_EQ(s.str().data(), buffer);
  EXPECT_EQ(s, std::string_view("short"));
  EXPECT_TRUE(std::all_of(buffer + 6, buffer + sizeof kKey - 1, [](char c) { return c == 0; }));
}

TEST(SecretString, MovingLeavesNothingBehind) {
  SecretString a = std::string(kKey);
  SecretString b(std::move(a));
  EXPECT_EQ(b, std::string_view(kKey));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the point of the test
  SecretString small = std::string("sso");
  SecretString c;
  c = std::move(small);
  EXPECT_EQ(c, std::string_view("sso"));
  EXPECT_TRUE(small.empty() && all_zero(small.str()));  // NOLINT(bugprone-use-after-move)
}

TEST(SecretString, CopiesCompareEqual) {
  SecretString a = std::string(kKey);
  SecretString b = a;
  EXPECT_EQ(a, b);
  b = a;
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace dexcc::base
