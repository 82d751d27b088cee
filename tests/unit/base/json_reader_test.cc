// JsonReader: RFC 8259 syntax, Go's string decoding, and skipping without recursion.
#include "base/json_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dexcc::base {
namespace {

using Kind = JsonReader::Kind;

// Whether `text` is exactly one well-formed JSON value, according to skip().
bool well_formed(std::string_view text) {
  JsonReader r(text);
  return r.skip() && r.finish();
}

std::string read_string(std::string_view text) {
  JsonReader r(text);
  std::string out;
  EXPECT_TRUE(r.string(out)) << text;
  EXPECT_TRUE(r.finish()) << text;
  return out;
}

TEST(JsonReader, ReadsAnObjectMemberByMember) {
  JsonReader r(R"( { "a" : "x", "b" : [1, {"c": null}], "d": null } )");
  ASSERT_TRUE(r.begin_object());
  std::string key, value;
  ASSERT_TRUE(r.member(key));
  EXPECT_EQ(key, "a");
  ASSERT_TRUE(r.string(value));
  EXPECT_EQ(value, "x");
  ASSERT_TRUE(r.member(key));
  EXPECT_EQ(key, "b");
  EXPECT_EQ(r.peek(), Kind::kArray);
  ASSERT_TRUE(r.skip());
  ASSERT_TRUE(r.member(key));
  EXPECT_EQ(key, "d");
  EXPECT_TRUE(r.null());
  EXPECT_FALSE(r.member(key));
  EXPECT_FALSE(r.failed());
  EXPECT_TRUE(r.finish());
}

TEST(JsonReader, ReadsAnArrayElementByElement) {
  JsonReader r(R"(["a", null, "b"])");
  ASSERT_TRUE(r.begin_array());
  std::vector<std::string> seen;
  std::string s;
  while (r.element()) {
    if (r.null()) {
      seen.push_back("<null>");
    } else {
      ASSERT_TRUE(r.string(s));
      seen.push_back(s);
    }
  }
  EXPECT_TRUE(r.finish());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "<null>", "b"}));

  JsonReader empty(" [ ] ");
  ASSERT_TRUE(empty.begin_array());
  EXPECT_FALSE(empty.element());
  EXPECT_TRUE(empty.finish());
}

TEST(JsonReader, AskingForTheWrongKindConsumesNothing) {
  JsonReader r(R"("text")");
  EXPECT_FALSE(r.null());
  EXPECT_FALSE(r.begin_object());
  EXPECT_FALSE(r.begin_array());
  EXPECT_FALSE(r.failed());
  std::string s;
  EXPECT_TRUE(r.string(s));
  EXPECT_EQ(s, "text");
  EXPECT_EQ(r.peek(), Kind::kEnd);
}

TEST(JsonReader, SeparatorsAreChecked) {
  for (std::string_view bad : {R"({"a":"x" "b":"y"})", R"({,"a":"x"})", R"(["a",])", R"(["a" "b"])", R"({"a" "x"})",
                               R"({"a":"x",})", R"(["a")", R"({"a":)"}) {
    JsonReader r(bad);
    std::string key, value;
    bool object = r.begin_object();
    if (object) {
      while (r.member(key)) {
        if (!r.string(value)) break;
      }
    } else {
      ASSERT_TRUE(r.begin_array()) << bad;
      while (r.element()) {
        if (!r.string(value)) break;
      }
    }
    EXPECT_FALSE(r.finish()) << bad;
  }
}

TEST(JsonReader, SkipAcceptsExactlyTheJsonGrammar) {
  for (std::string_view good :
       {"0", "-0", "1.5", "-12e+3", "1E-2", "true", "false", "null", R"("")", "[]", "{}", R"([1,[2,[3,{"a":[]}]]])",
        R"({"a":{"b":{"c":"d"}},"e":[true,false,null]})", " \t\r\n[ 1 , 2 ]\n"}) {
    EXPECT_TRUE(well_formed(good)) << good;
  }
  for (std::string_view bad :
       {"", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "True", "[1,]", "[,1]", "{\"a\"}", "{\"a\":1,}", "{1:2}",
        "[1 2]", "[1}", "{\"a\":1]", "[[]", "]", "\"abc", "\"\\x\"", "\"\\u12\"", "1 2", "\"tab\there\"", "'a'",
        "\xEF\xBB\xBF{}", "NaN", "[1]]"}) {
    EXPECT_FALSE(well_formed(bad)) << bad;
  }
}

TEST(JsonReader, DeepNestingCostsNoStack) {
  std::string deep(1'000'000, '[');
  deep.append(1'000'000, ']');
  EXPECT_TRUE(well_formed(deep));
  deep.pop_back();
  EXPECT_FALSE(well_formed(deep));
}

TEST(JsonReader, StringsUnescapeAsGoDoes) {
  EXPECT_EQ(read_string(R"("a\"b\\c\/d\b\f\n\r\t")"), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(read_string(R"("\u0026\u00e9\u20AC")"), "&\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(read_string(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80") << "a surrogate pair";
  EXPECT_EQ(read_string(R"("\ud83dx")"), "\xEF\xBF\xBDx") << "a lone high surrogate";
  EXPECT_EQ(read_string(R"("\ude00")"), "\xEF\xBF\xBD") << "a lone low surrogate";
  EXPECT_EQ(read_string(R"("\ud83d\u0041")"), "\xEF\xBF\xBD"
                                              "A")
      << "the escape after an unpaired surrogate is its own";
  EXPECT_EQ(read_string("\"h\xC3\xA9llo \xF0\x9F\x98\x80\""), "h\xC3\xA9llo \xF0\x9F\x98\x80") << "valid UTF-8 as is";
  EXPECT_EQ(read_string("\"a\xFF" "b\""), "a\xEF\xBF\xBD" "b") << "each invalid byte is U+FFFD";
  EXPECT_EQ(read_string("\"\xC0\xAF\""), "\xEF\xBF\xBD\xEF\xBF\xBD") << "an overlong form";
  EXPECT_EQ(read_string("\"\xED\xA0\x80\""), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "an encoded surrogate";
  EXPECT_EQ(read_string("\"\xF4\x90\x80\x80\""), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")
      << "above U+10FFFF";
  EXPECT_EQ(read_string("\"\xE2\x82\""), "\xEF\xBF\xBD\xEF\xBF\xBD") << "a truncated sequence";
}

TEST(JsonReader, AFailureSticks) {
  JsonReader r(R"({"a":"x\q","b":"y"})");
  ASSERT_TRUE(r.begin_object());
  std::string key, value;
  ASSERT_TRUE(r.member(key));
  EXPECT_FALSE(r.string(value));
  EXPECT_TRUE(r.failed());
  EXPECT_FALSE(r.member(key));
  EXPECT_EQ(r.peek(), Kind::kInvalid);
  EXPECT_FALSE(r.finish());
}

}  // namespace
}  // namespace dexcc::base
