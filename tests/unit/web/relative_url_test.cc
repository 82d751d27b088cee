// Table tests for dex's relative asset URL rule and the link-scheme filter.
#include "web/relative_url.h"

#include <gtest/gtest.h>

namespace dexcc::web {
namespace {

struct Case {
  const char* issuer_path;
  const char* request_path;
  const char* asset;
  const char* want;
};

TEST(RelativeUrl, MatchesDexTable) {
  const Case cases[] = {
      // dex's own examples and tests
      {"/dex", "/dex/auth", "static/main.css", "static/main.css"},
      {"/dex", "/dex/auth/local/login", "static/main.css", "../../static/main.css"},
      {"/dex", "/dex/auth/local", "theme/logo.png", "../theme/logo.png"},
      {"/", "/auth", "static/main.css", "static/main.css"},
      {"", "/auth", "static/main.css", "static/main.css"},
      {"", "/auth/local/login", "theme/styles.css", "../../theme/styles.css"},
      {"/dex/sub", "/dex/sub/approval", "static/main.css", "static/main.css"},
      {"/dex/sub", "/dex/sub/device/auth/verify_code", "static/main.css", "../../static/main.css"},
      // newer dex's fix: a page at the issuer root resolves against the parent folder
      {"/dex", "/dex", "static/main.css", "dex/static/main.css"},
      {"/a/b", "/a/b", "theme/logo.png", "b/theme/logo.png"},
      {"/", "/", "static/main.css", "static/main.css"},
      {"", "/", "static/main.css", "static/main.css"},
      // common leading parts of asset and request are dropped
      {"/dex", "/dex/static/x", "static/main.css", "main.css"},
      // an absolute asset URL is left alone
      {"/dex", "/dex/auth", "https://cdn.example.com/logo.png", "https://cdn.example.com/logo.png"},
      // a trailing slash: the browser resolves against that folder (dex would go one level too high)
      {"/dex", "/dex/", "static/main.css", "static/main.css"},
      {"/dex", "/dex/auth/", "static/main.css", "../static/main.css"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(relative_url(c.issuer_path, c.request_path, c.asset), c.want)
        << "issuer " << c.issuer_path << " request " << c.request_path << " asset " << c.asset;
  }
}

TEST(RelativeUrl, HasScheme) {
  EXPECT_TRUE(has_scheme("https://x"));
  EXPECT_TRUE(has_scheme("javascript:alert(1)"));
  EXPECT_TRUE(has_scheme("JaVaScRiPt:alert(1)"));
  EXPECT_TRUE(has_scheme("data:image/png;base64,AAAA"));
  EXPECT_TRUE(has_scheme("a+b-c.d:x"));
  EXPECT_FALSE(has_scheme("theme/logo.png"));
  EXPECT_FALSE(has_scheme("/auth?x=a:b"));
  EXPECT_FALSE(has_scheme("1http://x"));
  EXPECT_FALSE(has_scheme("./a:b"));
  EXPECT_FALSE(has_scheme(""));
}

TEST(RelativeUrl, SafeUrlNeutralisesScriptSchemes) {
  EXPECT_EQ(safe_url("https://idp.example/sso"), "https://idp.example/sso");
  EXPECT_EQ(safe_url("HTTP://idp.example/"), "HTTP://idp.example/");
  EXPECT_EQ(safe_url("mailto:admin@example.com"), "mailto:admin@example.com");
  EXPECT_EQ(safe_url("/dex/auth?client_id=a&state=b"), "/dex/auth?client_id=a&state=b");
  EXPECT_EQ(safe_url("../theme/logo.png"), "../theme/logo.png");
  EXPECT_EQ(safe_url("javascript:alert(1)"), "#");
  EXPECT_EQ(safe_url("JavaScript:alert(1)"), "#");
  EXPECT_EQ(safe_url("vbscript:msgbox"), "#");
  EXPECT_EQ(safe_url("data:text/html,<script>alert(1)</script>"), "#");
  EXPECT_EQ(safe_url(" javascript:alert(1)"), "#");
  EXPECT_EQ(safe_url("\x01javascript:alert(1)"), "#");
  EXPECT_EQ(safe_url("java\tscript:alert(1)"), "#");
  EXPECT_EQ(safe_url("java\nscript:alert(1)"), "#");
  EXPECT_EQ(safe_url("?next=a:b"), "#");
  EXPECT_EQ(safe_url(""), "");
}

}  // namespace
}  // namespace dexcc::web
