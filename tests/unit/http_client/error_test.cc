// redacted_url and the wording of errors: what may appear in logs and error pages.
#include "http_client/error.h"

#include <gtest/gtest.h>

namespace dexcc::http_client {
namespace {

TEST(RedactedUrl, RemovesUserinfoQueryAndFragment) {
  struct Case {
    std::string_view url;
    std::string_view want;
  };
  const Case cases[] = {
      {"https://user:secret@idp.example/p?token=abc#frag", "https://idp.example/p"},
      {"https://idp.example", "https://idp.example"},
      {"https://idp.example/token?code=x", "https://idp.example/token"},
      {"https://idp.example#access_token=x", "https://idp.example"},
      {"https://idp.example?x=1", "https://idp.example"},
      {"https://u:p@ss@idp.example/x", "https://idp.example/x"},  // '@' inside the password
      {"https://user@idp.example:8443/x", "https://idp.example:8443/x"},
      {"https://idp.example/a@b", "https://idp.example/a@b"},  // '@' in the path is not userinfo
      {"https://[::1]:8080/p?q", "https://[::1]:8080/p"},
      {"user:pass@idp.example/p", "idp.example/p"},
      {"not a url ?token=1", "not a url "},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(redacted_url(c.url), c.want) << c.url;
}

TEST(Fail, NamesMethodAndRedactedUrl) {
  auto error =
      fail(ErrorKind::kTls, "POST", "https://id:secret@idp.example/token?code=abc", "bad certificate");
  EXPECT_EQ(error.error().kind, ErrorKind::kTls);
  EXPECT_EQ(error.error().message, "POST https://idp.example/token: bad certificate");
}

TEST(KindName, EveryKindHasAName) {
  EXPECT_EQ(kind_name(ErrorKind::kTooLarge), "too large");
  EXPECT_EQ(kind_name(ErrorKind::kTimeout), "timeout");
  EXPECT_EQ(kind_name(ErrorKind::kTls), "tls");
}

}  // namespace
}  // namespace dexcc::http_client
