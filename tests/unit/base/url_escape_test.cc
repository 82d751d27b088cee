// Go's shouldEscape per URL part, pinned as the bytes real Go 1.26 leaves unescaped (read through
// URL.EscapedPath, EscapedFragment, Userinfo.String and URL.String for the host).
#include "base/url_escape.h"

#include <gtest/gtest.h>

#include <string>

namespace dexcc::base {
namespace {

std::string bytes_left_alone(UrlPart part) {
  std::string out;
  for (int c = 0; c < 256; ++c) {
    if (!url_should_escape(static_cast<unsigned char>(c), part)) out += static_cast<char>(c);
  }
  return out;
}

TEST(UrlEscape, LeavesAloneWhatGoLeavesAlone) {
  // Go's EscapedPath answers "*" for the path "*" alone, so '*' is left out of Go's path row.
  EXPECT_EQ(bytes_left_alone(UrlPart::kPath),
            "$&+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
  EXPECT_EQ(bytes_left_alone(UrlPart::kFragment),
            "!$&()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
  EXPECT_EQ(bytes_left_alone(UrlPart::kUserinfo),
            "$&+,-.0123456789;=ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
  EXPECT_EQ(bytes_left_alone(UrlPart::kHost),
            "!\"$&'()*+,-.0123456789:;<=>ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~");
  EXPECT_EQ(bytes_left_alone(UrlPart::kZone), bytes_left_alone(UrlPart::kHost));
}

TEST(UrlEscape, EscapesAndUnescapes) {
  EXPECT_EQ(url_escape("/a b?c\xff", UrlPart::kPath), "/a%20b%3Fc%FF");
  EXPECT_EQ(url_escape("a:b@c", UrlPart::kUserinfo), "a%3Ab%40c");
  EXPECT_EQ(*url_unescape("/a%2fb%2B+", UrlPart::kPath), "/a/b++");
  EXPECT_EQ(url_unescape("a%2", UrlPart::kPath).error().message, "invalid URL escape \"%2\"");
  EXPECT_EQ(url_unescape("a%g0b", UrlPart::kFragment).error().message, "invalid URL escape \"%g0\"");
  // Hosts: only non-ASCII bytes and "%25" may be escaped; ASCII must be a host byte.
  EXPECT_EQ(*url_unescape("h%C3%A9%25", UrlPart::kHost), "h\xc3\xa9%");
  EXPECT_EQ(url_unescape("h%2E", UrlPart::kHost).error().message, "invalid URL escape \"%2E\"");
  EXPECT_EQ(url_unescape("a b", UrlPart::kHost).error().message, "invalid character \" \" in host name");
  EXPECT_EQ(*url_unescape("h\xff", UrlPart::kHost), "h\xff");
  // Zones: a space and host bytes may be escaped, nothing else ASCII.
  EXPECT_EQ(*url_unescape("%25en%200%2E", UrlPart::kZone), "%en 0.");
  EXPECT_EQ(url_unescape("%25en%2F0", UrlPart::kZone).error().message, "invalid URL escape \"%2F\"");
}

}  // namespace
}  // namespace dexcc::base
