// go_to_lower and the UTF-8 helpers follow Go's strings.ToLower and utf8 decoding.
#include "base/text.h"

#include <gtest/gtest.h>

namespace dexcc::base {
namespace {

TEST(GoToLower, MatchesGoStringsToLower) {
  EXPECT_EQ(go_to_lower("Jane.Doe@Example.COM"), "jane.doe@example.com");
  EXPECT_EQ(go_to_lower(""), "");
  EXPECT_EQ(go_to_lower("ÉMILE@EXEMPLE.FR"), "émile@exemple.fr");
  EXPECT_EQ(go_to_lower("ΣΊΣΥΦΟΣ"), "σίσυφοσ");  // Go maps every capital sigma to σ, no final form
  EXPECT_EQ(go_to_lower("İ"), "i");              // unicode.ToLower(U+0130) is 'i'
  EXPECT_EQ(go_to_lower("ẞ"), "ß");
  EXPECT_EQ(go_to_lower("ok\xffKO"), "ok\xef\xbf\xbdko");  // invalid bytes become U+FFFD
}

TEST(AsciiIequals, FoldsAsciiLettersOnly) {
  EXPECT_TRUE(ascii_iequals("ClientID", "clientid"));
  EXPECT_TRUE(ascii_iequals("", ""));
  EXPECT_FALSE(ascii_iequals("ID", "IDs"));
  EXPECT_FALSE(ascii_iequals("@", "`"));  // 0x40 and 0x60 differ only in the case bit, but are not letters
  EXPECT_FALSE(ascii_iequals("É", "é"));
}

TEST(Utf8, DecodesAndEncodes) {
  uint32_t cp = 0;
  EXPECT_EQ(decode_utf8("A", 0, cp), 1u);
  EXPECT_EQ(cp, 'A');
  EXPECT_EQ(decode_utf8("\xf0\x9f\x98\x80", 0, cp), 4u);
  EXPECT_EQ(cp, 0x1F600u);
  EXPECT_EQ(decode_utf8("\xe2\x82", 0, cp), 0u);  // truncated
  std::string out;
  append_utf8(out, 0x1F600);
  append_utf8(out, 0xE9);
  EXPECT_EQ(out, "\xf0\x9f\x98\x80\xc3\xa9");
}

TEST(HexDigitValue, EitherCaseAndNothingElse) {
  EXPECT_EQ(hex_digit_value('0'), 0);
  EXPECT_EQ(hex_digit_value('9'), 9);
  EXPECT_EQ(hex_digit_value('a'), 10);
  EXPECT_EQ(hex_digit_value('F'), 15);
  for (char c : {'g', 'G', ' ', '/', ':', '@', '`', '\0'}) EXPECT_EQ(hex_digit_value(c), -1) << c;
}

}  // namespace
}  // namespace dexcc::base
