// Tests for net/url-compatible escaping, ParseQuery and Values.Encode.
#include "http/form.h"

#include <gtest/gtest.h>

namespace dexcc::http {
namespace {

TEST(Form, QueryEscapeLikeGo) {
  EXPECT_EQ(query_escape("a b&c=d/é~-._"), "a+b%26c%3Dd%2F%C3%A9~-._");
  EXPECT_EQ(query_escape("http://127.0.0.1:5555/callback"), "http%3A%2F%2F127.0.0.1%3A5555%2Fcallback");
}

TEST(Form, PathEscapeLikeGo) {
  EXPECT_EQ(path_escape("a/b c;d,e?f:g@h&i=j+k$l"), "a%2Fb%20c%3Bd%2Ce%3Ff:g@h&i=j+k$l");
}

TEST(Form, Unescape) {
  EXPECT_EQ(query_unescape("a+b%20c").value(), "a b c");
  EXPECT_EQ(path_unescape("a+b%20c").value(), "a+b c");
  EXPECT_FALSE(query_unescape("%zz").has_value());
  EXPECT_FALSE(query_unescape("%4").has_value());
  EXPECT_FALSE(query_unescape("%").has_value());
}

TEST(Form, ParseQueryKeepsOrderAndRepeats) {
  auto p = parse_query("b=2&a=1&b=3&empty=&flag&&x=%2Fy");
  ASSERT_FALSE(p.error);
  EXPECT_EQ(p.values.get("b"), "2");
  EXPECT_EQ(p.values.all("b")->size(), 2u);
  EXPECT_EQ(p.values.get("empty"), "");
  EXPECT_TRUE(p.values.has("flag"));
  EXPECT_EQ(p.values.get("x"), "/y");
  EXPECT_EQ(p.values.encode(), "a=1&b=2&b=3&empty=&flag=&x=%2Fy");
}

TEST(Form, ParseQueryErrorsLikeGo) {
  auto semi = parse_query("a=1;b=2&c=3");
  EXPECT_EQ(semi.error, "invalid semicolon separator in query");
  EXPECT_EQ(semi.values.get("c"), "3");
  auto bad = parse_query("a=%zz&b=2");
  EXPECT_TRUE(bad.error.has_value());
  EXPECT_FALSE(bad.values.has("a"));
  EXPECT_EQ(bad.values.get("b"), "2");
}

}  // namespace
}  // namespace dexcc::http
