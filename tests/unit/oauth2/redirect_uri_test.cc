// Tricky redirect URIs for a public client without registered URIs: whether dex v2.45.1 (Go's
// url.Parse and isHostLocal, answers printed by real Go 1.26) and dexcc allow each one. The rows
// where the two differ are the documented ones: dexcc refuses any userinfo and any control byte.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "base/url.h"
#include "oauth2/redirect_uri.h"

namespace dexcc::oauth2 {
namespace {

using namespace std::string_view_literals;  // some URIs hold NUL bytes

TEST(RedirectUri, TrickyLoopbackUrisAgainstGo) {
  struct Case {
    std::string_view uri;
    bool dex_allows;
    bool dexcc_allows;
  };
  // clang-format off
  const Case cases[] = {
      // backslashes
      {"http://evil.example\\@127.0.0.1/cb", false, false},
      {"http://127.0.0.1\\@evil.example/", false, false},
      {"http://127.0.0.1\\evil.example/", false, false},
      {"http://localhost\\/cb", false, false},
      {"http://localhost/\\evil.example", true, true},
      // @ in every position
      {"http://@127.0.0.1/", true, false},
      {"http://evil@127.0.0.1/cb", true, false},
      {"http://a@b@127.0.0.1/", true, false},
      {"http://127.0.0.1@evil.example/", false, false},
      {"http://127.0.0.1:80@evil.example/", false, false},
      {"http://localhost@evil.example/", false, false},
      {"http://[::1]:5000@evil.example/", false, false},
      {"http://127.0.0.1/@evil.example", true, true},
      {"http://127.0.0.1/cb?next=@evil.example", true, true},
      {"http://127.0.0.1/cb#@evil.example", true, true},
      {"http://127.0.0.1@", false, false},
      // userinfo
      {"http://user:pw@127.0.0.1/", true, false},
      {"http://user:pw@localhost:8080/cb", true, false},
      {"http://a@[::1]:80/", true, false},
      // encoded @ and backslash
      {"http://evil.example%40127.0.0.1/", false, false},
      {"http://127.0.0.1%40evil.example/", false, false},
      {"http://evil.example%5C@127.0.0.1/", true, false},
      {"http://evil.example%5c%40127.0.0.1/", false, false},
      {"http://127.0.0.1%5Cevil.example/", false, false},
      {"http://127.0.0.1%2f@evil.example/", false, false},
      {"http://127.0.0.1/%5C%40evil.example", true, true},
      {"http://local%68ost/", false, false},
      {"http://127.0.0.1%ff/", false, false},
      {"http://127.0.0.1%25/", false, false},
      // look-alike hosts
      {"http://127.0.0.1.evil.example/", false, false},
      {"http://localhost.evil.example/", false, false},
      {"http://evil.example.localhost/", false, false},
      {"http://localhost./", false, false},
      {"http://LOCALHOST/", false, false},
      {"http://localhost,evil.example/", false, false},
      {"http://127.0.0.1&evil.example/", false, false},
      // IPv6 forms
      {"http://[::1]/", false, false},
      {"http://[::1]/cb", false, false},
      {"http://[::1]:80/", true, true},
      {"http://[::1]:/", true, true},
      {"http://[::1]:8080/cb", true, true},
      {"http://[::ffff:127.0.0.1]:5000/", true, true},
      {"http://[::ffff:7f00:1]:5000/", true, true},
      {"http://[::127.0.0.1]:5000/", false, false},
      {"http://[0:0:0:0:0:0:0:1]:5000/", true, true},
      {"http://[::1%25lo]:5000/", false, false},
      {"http://[::]:80/", false, false},
      {"http://::1/", false, false},
      {"http://[::1]x/", false, false},
      {"http://x[::1]:80/", false, false},
      {"http://[127.0.0.1]:80/", false, false},
      {"http://[::1]]:80/", false, false},
      // IPv4 spellings Go's ParseIP refuses
      {"http://127.1/", false, false},
      {"http://0177.0.0.1/", false, false},
      {"http://0x7f.0.0.1/", false, false},
      {"http://2130706433/", false, false},
      {"http://127.0.0.01/", false, false},
      {"http://127.255.255.255:1/", true, true},
      {"http://128.0.0.1/", false, false},
      {"http://0.0.0.0/", false, false},
      {"http://10.0.0.1/cb", false, false},
      // control bytes and spaces
      {"http://127.0.0.1\011/", false, false},
      {"http://127.0.0.1/\011cb", false, false},
      {"http://127.0.0.1\012.evil.example/", false, false},
      {"http://127.0.0.1/cb\015\012", false, false},
      {"http://127.0.0.1\000.evil.example/"sv, false, false},
      {"http://127.0.0.1/\177", false, false},
      {"http://127.0.0.1/cb#\015\012Set-Cookie: a=b", true, false},
      {"http://127.0.0.1/cb#a\011b", true, false},
      {"http://127.0.0.1 .evil.example/", false, false},
      {"http://local host/", false, false},
      {"http://127.0.0.1/c b", true, true},
      {"http://127.0.0.1/cb?a b", true, true},
      // ports
      {"http://localhost:abc/", false, false},
      {"http://localhost:/", true, true},
      {"http://localhost:8080:90/", false, false},
      {"http://localhost:-1/", false, false},
      {"http://localhost: 80/", false, false},
      {"http://127.0.0.1:99999/", true, true},
      {"http://127.0.0.1:0/", true, true},
      // schemes and shapes
      {"HTTP://localhost/", true, true},
      {"Http://127.0.0.1:5000/cb", true, true},
      {"https://localhost/", false, false},
      {"ftp://localhost/", false, false},
      {"http:localhost", false, false},
      {"http:/localhost/cb", false, false},
      {"http:///cb", false, false},
      {"http://", false, false},
      {"//127.0.0.1/", false, false},
      {"/127.0.0.1/", false, false},
      {"127.0.0.1:5000/cb", false, false},
      {"localhost:5000/cb", false, false},
      {"http://localhost", true, true},
      {"http://localhost?x=1", true, true},
      {"http://localhost:8000/cb?x=1", true, true},
      {"http://127.0.0.1:5555/callback", true, true},
      {"http://127.1.2.3/x", true, true},
      {"urn:ietf:wg:oauth:2.0:oob", true, true},
      {"/device/callback", true, true},
      {"/other/path", false, false},
  };
  // clang-format on
  const std::vector<std::string> none;
  for (const auto& c : cases) {
    EXPECT_EQ(redirect_uri_allowed(none, true, c.uri), c.dexcc_allows) << base::go_quote(c.uri);
    // Registered URIs are compared as strings, whatever they hold.
    EXPECT_TRUE(redirect_uri_allowed({std::string(c.uri)}, false, c.uri)) << base::go_quote(c.uri);
    // Never more permissive than dex, and stricter only where the documented difference lies.
    EXPECT_TRUE(c.dex_allows || !c.dexcc_allows) << base::go_quote(c.uri);
    if (c.dex_allows != c.dexcc_allows) {
      auto url = base::parse_url(c.uri);
      EXPECT_TRUE(base::has_control_byte(c.uri) || (url && url->user)) << base::go_quote(c.uri);
    }
  }
}

}  // namespace
}  // namespace dexcc::oauth2
