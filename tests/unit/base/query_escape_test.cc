// base::query_escape against Go's url.QueryEscape.
#include "base/query_escape.h"

#include <gtest/gtest.h>

namespace dexcc::base {
namespace {

TEST(QueryEscape, MatchesGo) {
  EXPECT_EQ(query_escape(""), "");
  EXPECT_EQ(query_escape("abcXYZ019-_.~"), "abcXYZ019-_.~");
  EXPECT_EQ(query_escape("a b"), "a+b");
  EXPECT_EQ(query_escape("a+b&c=d/e?f#g:h@i;j,k$l!m'n(o)p*q"),
            "a%2Bb%26c%3Dd%2Fe%3Ff%23g%3Ah%40i%3Bj%2Ck%24l%21m%27n%28o%29p%2Aq");
  EXPECT_EQ(query_escape("\xc3\xa9%"), "%C3%A9%25");
  EXPECT_EQ(query_escape(std::string("\0\x7f\xff", 3)), "%00%7F%FF");
}

}  // namespace
}  // namespace dexcc::base
