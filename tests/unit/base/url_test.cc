// url.Parse as Go 1.26 answers it: a table of tricky URLs whose expected parts and errors were
// printed by real Go (net/url), so the parser is held to Go's outcome, not to our reading of it.
#include "base/url.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "base/text.h"

namespace dexcc::base {
namespace {

using namespace std::string_view_literals;  // inputs may hold NUL bytes

struct UrlCase {
  std::string_view in;
  std::string_view error;  // Go's message; empty when Go parses the URL
  std::string_view scheme, opaque;
  const char* user = nullptr;  // "name" or "name:password"; nullptr when Go's User is nil
  std::string_view host, path, raw_path, raw_query, fragment, raw_fragment;
  bool force_query = false, omit_host = false;
};

std::string describe_user(const std::optional<UrlUserinfo>& user) {
  if (!user) return "(none)";
  return user->username + (user->has_password ? ":" + user->password : "");
}

TEST(Url, ParsesAsGoDoes) {
  // clang-format off
  const UrlCase cases[] = {
      {.in = "http://evil.example\\@127.0.0.1/cb"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://127.0.0.1\\@evil.example/"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://127.0.0.1\\evil.example/"sv, .error = "invalid character \"\\\\\" in host name"},
      {.in = "http://127.0.0.1\\"sv, .error = "invalid character \"\\\\\" in host name"},
      {.in = "http://localhost\\/cb"sv, .error = "invalid character \"\\\\\" in host name"},
      {.in = "http://@127.0.0.1/"sv, .scheme = "http", .user = "", .host = "127.0.0.1", .path = "/"},
      {.in = "http://a@127.0.0.1/"sv, .scheme = "http", .user = "a", .host = "127.0.0.1", .path = "/"},
      {.in = "http://a@b@127.0.0.1/"sv, .scheme = "http", .user = "a@b", .host = "127.0.0.1", .path = "/"},
      {.in = "http://127.0.0.1@evil.example/"sv, .scheme = "http", .user = "127.0.0.1", .host = "evil.example", .path = "/"},
      {.in = "http://127.0.0.1/@evil.example"sv, .scheme = "http", .host = "127.0.0.1", .path = "/@evil.example"},
      {.in = "http://127.0.0.1/cb?x=@evil.example"sv, .scheme = "http", .host = "127.0.0.1", .path = "/cb", .raw_query = "x=@evil.example"},
      {.in = "http://127.0.0.1/cb#@evil.example"sv, .scheme = "http", .host = "127.0.0.1", .path = "/cb", .fragment = "@evil.example"},
      {.in = "http://127.0.0.1:80@evil.example/"sv, .scheme = "http", .user = "127.0.0.1:80", .host = "evil.example", .path = "/"},
      {.in = "http://127.0.0.1@"sv, .scheme = "http", .user = "127.0.0.1"},
      {.in = "http://user:pw@127.0.0.1/"sv, .scheme = "http", .user = "user:pw", .host = "127.0.0.1", .path = "/"},
      {.in = "http://user:pw@localhost:8080/cb"sv, .scheme = "http", .user = "user:pw", .host = "localhost:8080", .path = "/cb"},
      {.in = "http://evil.example%40127.0.0.1/"sv, .error = "invalid URL escape \"%40\""},
      {.in = "http://127.0.0.1%40evil.example/"sv, .error = "invalid URL escape \"%40\""},
      {.in = "http://evil.example%5C@127.0.0.1/"sv, .scheme = "http", .user = "evil.example\\", .host = "127.0.0.1", .path = "/"},
      {.in = "http://evil.example%5c%40127.0.0.1/"sv, .error = "invalid URL escape \"%5c\""},
      {.in = "http://127.0.0.1%5Cevil.example/"sv, .error = "invalid URL escape \"%5C\""},
      {.in = "http://127.0.0.1/%5C%40evil.example"sv, .scheme = "http", .host = "127.0.0.1", .path = "/\\@evil.example", .raw_path = "/%5C%40evil.example"},
      {.in = "http://127.0.0.1%2f@evil.example/"sv, .scheme = "http", .user = "127.0.0.1/", .host = "evil.example", .path = "/"},
      {.in = "http://127.0.0.1.evil.example/"sv, .scheme = "http", .host = "127.0.0.1.evil.example", .path = "/"},
      {.in = "http://localhost.evil.example/"sv, .scheme = "http", .host = "localhost.evil.example", .path = "/"},
      {.in = "http://evil.example.localhost/"sv, .scheme = "http", .host = "evil.example.localhost", .path = "/"},
      {.in = "http://localhost./"sv, .scheme = "http", .host = "localhost.", .path = "/"},
      {.in = "http://LOCALHOST/"sv, .scheme = "http", .host = "LOCALHOST", .path = "/"},
      {.in = "http://[::1]/"sv, .scheme = "http", .host = "[::1]", .path = "/"},
      {.in = "http://[::1]:80/"sv, .scheme = "http", .host = "[::1]:80", .path = "/"},
      {.in = "http://[::1]:/"sv, .scheme = "http", .host = "[::1]:", .path = "/"},
      {.in = "http://[::1]:abc/"sv, .error = "invalid port \":abc\" after host"},
      {.in = "http://[::1]x/"sv, .error = "invalid port \"x\" after host"},
      {.in = "http://[::1/"sv, .error = "missing ']' in host"},
      {.in = "http://::1/"sv, .error = "invalid port \"::1\" after host"},
      {.in = "http://[::1]:8080:9090/"sv, .error = "invalid port \":8080:9090\" after host"},
      {.in = "http://x[::1]:80/"sv, .error = "invalid IP-literal"},
      {.in = "http://[127.0.0.1]:80/"sv, .error = "invalid IP-literal"},
      {.in = "http://[::ffff:127.0.0.1]:5000/"sv, .scheme = "http", .host = "[::ffff:127.0.0.1]:5000", .path = "/"},
      {.in = "http://[::ffff:7f00:1]:5000/"sv, .scheme = "http", .host = "[::ffff:7f00:1]:5000", .path = "/"},
      {.in = "http://[::127.0.0.1]:5000/"sv, .scheme = "http", .host = "[::127.0.0.1]:5000", .path = "/"},
      {.in = "http://[0:0:0:0:0:0:0:1]:5000/"sv, .scheme = "http", .host = "[0:0:0:0:0:0:0:1]:5000", .path = "/"},
      {.in = "http://[0000:0000:0000:0000:0000:0000:0000:0001]:5000/"sv, .scheme = "http", .host = "[0000:0000:0000:0000:0000:0000:0000:0001]:5000", .path = "/"},
      {.in = "http://[::1%25lo]:5000/"sv, .scheme = "http", .host = "[::1%lo]:5000", .path = "/"},
      {.in = "http://[::1%lo]:5000/"sv, .error = "invalid URL escape \"%lo\""},
      {.in = "http://[fe80::1%25en0]:80/"sv, .scheme = "http", .host = "[fe80::1%en0]:80", .path = "/"},
      {.in = "http://[::1]:5000@evil.example/"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://127.1/"sv, .scheme = "http", .host = "127.1", .path = "/"},
      {.in = "http://0177.0.0.1/"sv, .scheme = "http", .host = "0177.0.0.1", .path = "/"},
      {.in = "http://0x7f.0.0.1/"sv, .scheme = "http", .host = "0x7f.0.0.1", .path = "/"},
      {.in = "http://2130706433/"sv, .scheme = "http", .host = "2130706433", .path = "/"},
      {.in = "http://127.0.0.01/"sv, .scheme = "http", .host = "127.0.0.01", .path = "/"},
      {.in = "http://127.000.0.1/"sv, .scheme = "http", .host = "127.000.0.1", .path = "/"},
      {.in = "http://127.255.255.255:1/"sv, .scheme = "http", .host = "127.255.255.255:1", .path = "/"},
      {.in = "http://128.0.0.1/"sv, .scheme = "http", .host = "128.0.0.1", .path = "/"},
      {.in = "http://0.0.0.0/"sv, .scheme = "http", .host = "0.0.0.0", .path = "/"},
      {.in = "http://127.0.0.1:99999/"sv, .scheme = "http", .host = "127.0.0.1:99999", .path = "/"},
      {.in = "http://127.0.0.1:0/"sv, .scheme = "http", .host = "127.0.0.1:0", .path = "/"},
      {.in = "http://127.0.0.1\011/"sv, .error = "net/url: invalid control character in URL"},
      {.in = "http://127.0.0.1/\011cb"sv, .error = "net/url: invalid control character in URL"},
      {.in = "http://127.0.0.1\012.evil.example/"sv, .error = "net/url: invalid control character in URL"},
      {.in = "http://127.0.0.1/cb\015\012"sv, .error = "net/url: invalid control character in URL"},
      {.in = "http://127.0.0.1\000.evil.example/"sv, .error = "net/url: invalid control character in URL"},
      {.in = "http://127.0.0.1/\177"sv, .error = "net/url: invalid control character in URL"},
      {.in = "http://127.0.0.1 .evil.example/"sv, .error = "invalid character \" \" in host name"},
      {.in = "http://127.0.0.1/c b"sv, .scheme = "http", .host = "127.0.0.1", .path = "/c b", .raw_path = "/c b"},
      {.in = "http://127.0.0.1/cb?a b"sv, .scheme = "http", .host = "127.0.0.1", .path = "/cb", .raw_query = "a b"},
      {.in = "http://127.0.0.1/cb#a b"sv, .scheme = "http", .host = "127.0.0.1", .path = "/cb", .fragment = "a b", .raw_fragment = "a b"},
      {.in = "http://127.0.0.1/\377"sv, .scheme = "http", .host = "127.0.0.1", .path = "/\377", .raw_path = "/\377"},
      {.in = "http://127.0.0.1%ff/"sv, .scheme = "http", .host = "127.0.0.1\377", .path = "/"},
      {.in = "http://local%68ost/"sv, .error = "invalid URL escape \"%68\""},
      {.in = "http://127.0.0.1%25/"sv, .scheme = "http", .host = "127.0.0.1%", .path = "/"},
      {.in = "http://127.0.0.1/%zz"sv, .error = "invalid URL escape \"%zz\""},
      {.in = "http://127.0.0.1/cb?%zz"sv, .scheme = "http", .host = "127.0.0.1", .path = "/cb", .raw_query = "%zz"},
      {.in = "http://127.0.0.1/cb#%zz"sv, .error = "invalid URL escape \"%zz\""},
      {.in = "http://127.0.0.1/cb#%41"sv, .scheme = "http", .host = "127.0.0.1", .path = "/cb", .fragment = "A", .raw_fragment = "%41"},
      {.in = "http://127.0.0.1/a%2Fb"sv, .scheme = "http", .host = "127.0.0.1", .path = "/a/b", .raw_path = "/a%2Fb"},
      {.in = "http://127.0.0.1/%41"sv, .scheme = "http", .host = "127.0.0.1", .path = "/A", .raw_path = "/%41"},
      {.in = "http://localhost:abc/"sv, .error = "invalid port \":abc\" after host"},
      {.in = "http://localhost:/"sv, .scheme = "http", .host = "localhost:", .path = "/"},
      {.in = "http://localhost:8080:90/"sv, .error = "invalid port \":8080:90\" after host"},
      {.in = "http://localhost:-1/"sv, .error = "invalid port \":-1\" after host"},
      {.in = "http://localhost:+80/"sv, .error = "invalid port \":+80\" after host"},
      {.in = "http://localhost: 80/"sv, .error = "invalid port \": 80\" after host"},
      {.in = "HTTP://localhost/"sv, .scheme = "http", .host = "localhost", .path = "/"},
      {.in = "Http://127.0.0.1:5000/cb"sv, .scheme = "http", .host = "127.0.0.1:5000", .path = "/cb"},
      {.in = "https://localhost/"sv, .scheme = "https", .host = "localhost", .path = "/"},
      {.in = "http:localhost"sv, .scheme = "http", .opaque = "localhost"},
      {.in = "http:/localhost/cb"sv, .scheme = "http", .path = "/localhost/cb", .omit_host = true},
      {.in = "http:///cb"sv, .scheme = "http", .path = "/cb"},
      {.in = "http://"sv, .scheme = "http"},
      {.in = "http:"sv, .scheme = "http"},
      {.in = "//127.0.0.1/"sv, .host = "127.0.0.1", .path = "/"},
      {.in = "/127.0.0.1/"sv, .path = "/127.0.0.1/"},
      {.in = "127.0.0.1:5000/cb"sv, .error = "first path segment in URL cannot contain colon"},
      {.in = "localhost:5000/cb"sv, .scheme = "localhost", .opaque = "5000/cb"},
      {.in = ":foo"sv, .error = "missing protocol scheme"},
      {.in = "1http://localhost/"sv, .error = "first path segment in URL cannot contain colon"},
      {.in = "h_ttp://localhost/"sv, .error = "first path segment in URL cannot contain colon"},
      {.in = "h-t.t+p://localhost/"sv, .scheme = "h-t.t+p", .host = "localhost", .path = "/"},
      {.in = "*"sv, .path = "*"},
      {.in = ""sv},
      {.in = "http://localhost?x=1"sv, .scheme = "http", .host = "localhost", .raw_query = "x=1"},
      {.in = "http://localhost#f"sv, .scheme = "http", .host = "localhost", .fragment = "f"},
      {.in = "http://localhost?"sv, .scheme = "http", .host = "localhost", .force_query = true},
      {.in = "http://localhost/cb??"sv, .scheme = "http", .host = "localhost", .path = "/cb", .raw_query = "?"},
      {.in = "http://localhost/cb?a?b"sv, .scheme = "http", .host = "localhost", .path = "/cb", .raw_query = "a?b"},
      {.in = "http://local host/"sv, .error = "invalid character \" \" in host name"},
      {.in = "http://local<host/"sv, .scheme = "http", .host = "local<host", .path = "/"},
      {.in = "http://local\"host/"sv, .scheme = "http", .host = "local\"host", .path = "/"},
      {.in = "http://local{host/"sv, .error = "invalid character \"{\" in host name"},
      {.in = "http://local|host/"sv, .error = "invalid character \"|\" in host name"},
      {.in = "http://local^host/"sv, .error = "invalid character \"^\" in host name"},
      {.in = "http://local`host/"sv, .error = "invalid character \"`\" in host name"},
      {.in = "http://local%20host/"sv, .error = "invalid URL escape \"%20\""},
      {.in = "http://local_host/"sv, .scheme = "http", .host = "local_host", .path = "/"},
      {.in = "http://local~host/"sv, .scheme = "http", .host = "local~host", .path = "/"},
      {.in = "http://local!$&'()*+,;=host/"sv, .scheme = "http", .host = "local!$&'()*+,;=host", .path = "/"},
      {.in = "http://a%2Fb@localhost/"sv, .scheme = "http", .user = "a/b", .host = "localhost", .path = "/"},
      {.in = "http://a%zz@localhost/"sv, .error = "invalid URL escape \"%zz\""},
      {.in = "http://a/b@localhost/"sv, .scheme = "http", .host = "a", .path = "/b@localhost/"},
      {.in = "http://a?b@localhost/"sv, .scheme = "http", .host = "a", .raw_query = "b@localhost/"},
      {.in = "http://a#b@localhost/"sv, .scheme = "http", .host = "a", .fragment = "b@localhost/"},
      {.in = "http://a b@localhost/"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://a\"b@localhost/"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://a[b@localhost/"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://[a@localhost/"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://a@[::1]:80/"sv, .scheme = "http", .user = "a", .host = "[::1]:80", .path = "/"},
      {.in = "mailto:a@b.example"sv, .scheme = "mailto", .opaque = "a@b.example"},
      {.in = "urn:ietf:wg:oauth:2.0:oob"sv, .scheme = "urn", .opaque = "ietf:wg:oauth:2.0:oob"},
      {.in = "/device/callback"sv, .path = "/device/callback"},
      {.in = "http://localhost:8000/cb?x=1"sv, .scheme = "http", .host = "localhost:8000", .path = "/cb", .raw_query = "x=1"},
      {.in = "ftp://localhost/"sv, .scheme = "ftp", .host = "localhost", .path = "/"},
      {.in = "http://10.0.0.1/cb"sv, .scheme = "http", .host = "10.0.0.1", .path = "/cb"},
      {.in = "http://localhost,evil.example/"sv, .scheme = "http", .host = "localhost,evil.example", .path = "/"},
      {.in = "http://localhost;evil.example/"sv, .scheme = "http", .host = "localhost;evil.example", .path = "/"},
      {.in = "http://127.0.0.1&evil.example/"sv, .scheme = "http", .host = "127.0.0.1&evil.example", .path = "/"},
      {.in = "http://[::1]]:80/"sv, .error = "invalid host: ParseAddr(\"::1]\"): unexpected character, want colon (at \"]\")"},
      {.in = "http://[[::1]:80/"sv, .error = "invalid IP-literal"},
      {.in = "http://[::1]%3A80/"sv, .error = "invalid port \"%3A80\" after host"},
      {.in = "http://[::]:80/"sv, .scheme = "http", .host = "[::]:80", .path = "/"},
      {.in = "http://[::1.2.3.4]:80/"sv, .scheme = "http", .host = "[::1.2.3.4]:80", .path = "/"},
      {.in = "http://[1:2:3:4:5:6:7::8]:80/"sv, .error = "invalid host: ParseAddr(\"1:2:3:4:5:6:7::8\"): the :: must expand to at least one field of zeros"},
      {.in = "http://[12345::1]:80/"sv, .error = "invalid host: ParseAddr(\"12345::1\"): each group must have 4 or less digits (at \"12345::1\")"},
      {.in = "http://[::ffff:127.0.0.01]:80/"sv, .error = "invalid host: ParseAddr(\"::ffff:127.0.0.01\"): IPv4 field has octet with leading zero"},
      {.in = "postgres://h1:1,h2:2/db"sv, .scheme = "postgres", .host = "h1:1,h2:2", .path = "/db"},
      {.in = "http://h/p?q#f%zz"sv, .error = "invalid URL escape \"%zz\""},
      {.in = "http://h?a#b?c"sv, .scheme = "http", .host = "h", .raw_query = "a", .fragment = "b?c"},
      {.in = "mailto:?x"sv, .scheme = "mailto", .raw_query = "x"},
      {.in = "x:?"sv, .scheme = "x", .force_query = true},
      {.in = "x:"sv, .scheme = "x"},
      {.in = "http://h/a b?c d#e f"sv, .scheme = "http", .host = "h", .path = "/a b", .raw_path = "/a b", .raw_query = "c d", .fragment = "e f", .raw_fragment = "e f"},
      {.in = "http://h/%7Efoo"sv, .scheme = "http", .host = "h", .path = "/~foo", .raw_path = "/%7Efoo"},
      {.in = "http://h/~foo"sv, .scheme = "http", .host = "h", .path = "/~foo"},
      {.in = "http://h/a;b,c"sv, .scheme = "http", .host = "h", .path = "/a;b,c"},
      {.in = "http://h/!x"sv, .scheme = "http", .host = "h", .path = "/!x", .raw_path = "/!x"},
      {.in = "http://h/#!x"sv, .scheme = "http", .host = "h", .path = "/", .fragment = "!x"},
      {.in = "http://h/#'x"sv, .scheme = "http", .host = "h", .path = "/", .fragment = "'x", .raw_fragment = "'x"},
      {.in = "http://h/#%27x"sv, .scheme = "http", .host = "h", .path = "/", .fragment = "'x"},
      {.in = "http://h/?"sv, .scheme = "http", .host = "h", .path = "/", .force_query = true},
      {.in = "http://h/?a?"sv, .scheme = "http", .host = "h", .path = "/", .raw_query = "a?"},
      {.in = "http://u%3Ap@h/"sv, .scheme = "http", .user = "u:p", .host = "h", .path = "/"},
      {.in = "http://u:p:q@h/"sv, .scheme = "http", .user = "u:p:q", .host = "h", .path = "/"},
      {.in = "http://u:@h/"sv, .scheme = "http", .user = "u:", .host = "h", .path = "/"},
      {.in = "http://:p@h/"sv, .scheme = "http", .user = ":p", .host = "h", .path = "/"},
      {.in = "http://%zz@h/"sv, .error = "invalid URL escape \"%zz\""},
      {.in = "http://a@b/c@d"sv, .scheme = "http", .user = "a", .host = "b", .path = "/c@d"},
      {.in = "http://\303\251@h/"sv, .error = "net/url: invalid userinfo"},
      {.in = "http://h\303\251/"sv, .scheme = "http", .host = "h\303\251", .path = "/"},
      {.in = "http://h%C3%A9/"sv, .scheme = "http", .host = "h\303\251", .path = "/"},
      {.in = "http://[fe80::1%25%65n0]:80/"sv, .scheme = "http", .host = "[fe80::1%en0]:80", .path = "/"},
      {.in = "http://[fe80::1%25en%200]/"sv, .scheme = "http", .host = "[fe80::1%en 0]", .path = "/"},
      {.in = "http://[fe80::1%25en%2F0]/"sv, .error = "invalid URL escape \"%2F\""},
      {.in = "http://[fe80::1%25]/"sv, .error = "invalid host: ParseAddr(\"fe80::1%\"): zone must be a non-empty string"},
      {.in = "http://[::1%2541]/"sv, .scheme = "http", .host = "[::1%41]", .path = "/"},
      {.in = "http://[::1]/p"sv, .scheme = "http", .host = "[::1]", .path = "/p"},
      {.in = "http://[]/"sv, .error = "invalid host: ParseAddr(\"\"): unable to parse IP"},
      {.in = "http://[::1]:8080/"sv, .scheme = "http", .host = "[::1]:8080", .path = "/"},
      {.in = "foo://a:1:2/"sv, .scheme = "foo", .host = "a:1:2", .path = "/"},
      {.in = "foo://::1/"sv, .scheme = "foo", .host = "::1", .path = "/"},
      {.in = "https://a:1:2/"sv, .error = "invalid port \":1:2\" after host"},
      {.in = "HTTPS://Host.Example:443/P?Q#F"sv, .scheme = "https", .host = "Host.Example:443", .path = "/P", .raw_query = "Q", .fragment = "F"},
      {.in = "///x"sv, .path = "///x"},
      {.in = "//"sv},
      {.in = "/"sv, .path = "/"},
      {.in = "a/b:c"sv, .path = "a/b:c"},
      {.in = "./a:b"sv, .path = "./a:b"},
      {.in = "a:b/c"sv, .scheme = "a", .opaque = "b/c"},
      {.in = "?x"sv, .raw_query = "x"},
      {.in = "http://h\\x/"sv, .error = "invalid character \"\\\\\" in host name"},
      {.in = "http:\\\\h/"sv, .scheme = "http", .opaque = "\\\\h/"},
      {.in = "http://h/p\\q"sv, .scheme = "http", .host = "h", .path = "/p\\q", .raw_path = "/p\\q"},
  };
  // clang-format on
  for (const auto& c : cases) {
    SCOPED_TRACE(go_quote(c.in));
    auto url = parse_url(c.in);
    if (!c.error.empty()) {
      EXPECT_EQ(url ? "(parsed)" : url.error().message, c.error);
      continue;
    }
    if (!url) {
      ADD_FAILURE() << url.error().message;
      continue;
    }
    EXPECT_EQ(url->scheme, c.scheme);
    EXPECT_EQ(url->opaque, c.opaque);
    EXPECT_EQ(describe_user(url->user), c.user ? c.user : "(none)");
    EXPECT_EQ(url->host, c.host);
    EXPECT_EQ(url->path, c.path);
    EXPECT_EQ(url->raw_path, c.raw_path);
    EXPECT_EQ(url->raw_query, c.raw_query);
    EXPECT_EQ(url->fragment, c.fragment);
    EXPECT_EQ(url->raw_fragment, c.raw_fragment);
    EXPECT_EQ(url->force_query, c.force_query);
    EXPECT_EQ(url->omit_host, c.omit_host);
  }
}

TEST(Url, EscapedPathIsGos) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"http://h/a%2Fb", "/a%2Fb"},
      {"http://h/a b", "/a%20b"},
      {"http://h/%41", "/%41"},
      {"http://h/a%20b", "/a%20b"},
      {"http://h/\303\251", "/%C3%A9"},
      {"http://h/a?b", "/a"},
      {"http://h/%3F", "/%3F"},
      {"*", "*"},
      {"http://h", ""},
      {"http://h/a;b!c", "/a;b!c"},
  };
  for (auto [in, want] : cases) EXPECT_EQ(parse_url(in)->escaped_path(), want) << in;
  // A raw path that is not a valid encoding of the path is ignored.
  EXPECT_EQ((Url{.path = "/a b", .raw_path = "/a%2"}).escaped_path(), "/a%20b");
  EXPECT_EQ((Url{.path = "/x", .raw_path = "/y"}).escaped_path(), "/x");
}

TEST(Url, SplitsWhereTheParserDoes) {
  auto pieces = split_url("http://h/p?a=1?b#f?g#h");
  EXPECT_EQ(pieces.before_query, "http://h/p");
  EXPECT_EQ(pieces.query, "a=1?b");
  EXPECT_EQ(pieces.fragment, "f?g#h");
  pieces = split_url("http://h/p#f?g");
  EXPECT_EQ(pieces.before_query, "http://h/p");
  EXPECT_FALSE(pieces.query);
  EXPECT_EQ(pieces.fragment, "f?g");
  pieces = split_url("http://h/p?");
  EXPECT_EQ(pieces.query, "");
  EXPECT_FALSE(pieces.fragment);
}

TEST(Url, SchemeAndControlBytes) {
  EXPECT_EQ(url_scheme("HTTP://h"), "HTTP");
  EXPECT_EQ(url_scheme("h-t.t+p1:x"), "h-t.t+p1");
  EXPECT_EQ(url_scheme("1http:x"), "");
  EXPECT_EQ(url_scheme("h_ttp:x"), "");
  EXPECT_EQ(url_scheme(":x"), "");
  EXPECT_EQ(url_scheme("/a:b"), "");
  EXPECT_EQ(url_scheme("http"), "");
  EXPECT_TRUE(has_control_byte(std::string_view("a\0b", 3)));
  EXPECT_TRUE(has_control_byte("a\177"));
  EXPECT_TRUE(has_control_byte("\t"));
  EXPECT_FALSE(has_control_byte("a b\200\377"));
}

}  // namespace
}  // namespace dexcc::base
