// Static routes: content types, caching, HEAD, and 404 for directories, unknown names and traversal.
#include "web/static_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "web/embedded.h"
#include "web/frontend.h"

namespace dexcc::web {
namespace {

using ::testing::HasSubstr;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override { frontend_->mount(router_); }

  http::Response fetch(std::string path, std::string method = "GET", std::string if_none_match = "") {
    http::Request req;
    req.method = std::move(method);
    req.path = std::move(path);
    if (!if_none_match.empty()) req.headers.set("If-None-Match", if_none_match);
    const http::Route* route = router_.match(req);
    return router_.serve(route, req);
  }

  std::unique_ptr<const Frontend> frontend_ = Frontend::load({}, "/dex");
  http::Router router_{"/dex"};
};

TEST_F(StaticFilesTest, ServesStaticAndThemeFilesWithTheirTypes) {
  struct Case {
    const char* path;
    const char* type;
  } cases[] = {
      {"/dex/static/main.css", "text/css; charset=utf-8"},
      {"/dex/static/main.js", "text/javascript; charset=utf-8"},
      {"/dex/static/img/github-icon.svg", "image/svg+xml"},
      {"/dex/theme/styles.css", "text/css; charset=utf-8"},
      {"/dex/theme/logo.png", "image/png"},
      {"/dex/theme/favicon.png", "image/png"},
  };
  for (const auto& c : cases) {
    http::Response r = fetch(c.path);
    EXPECT_EQ(r.status, 200) << c.path;
    EXPECT_EQ(r.headers.get("Content-Type"), c.type) << c.path;
    EXPECT_EQ(r.headers.get("X-Content-Type-Options"), "nosniff") << c.path;
    EXPECT_FALSE(r.body.empty()) << c.path;
    EXPECT_FALSE(r.headers.get("ETag").empty()) << c.path;
    EXPECT_EQ(r.headers.get("Cache-Control"), kAssetCacheControl) << c.path;
    // No web.headers and no page CSP on static files, as dex mounts them; SVGs get a sandbox.
    EXPECT_EQ(r.headers.has("X-Frame-Options"), false) << c.path;
  }
  EXPECT_THAT(std::string(fetch("/dex/static/img/google-icon.svg").headers.get("Content-Security-Policy")),
              HasSubstr("sandbox"));
}

TEST_F(StaticFilesTest, EveryConnectorIconDexHasExists) {
  for (const char* icon : {"atlassian-crowd", "bitbucket", "email", "gitea", "github", "gitlab", "google",
                           "keystone", "ldap", "linkedin", "microsoft", "oidc", "saml", "mock", "key"}) {
    std::string path = std::string("/dex/static/img/") + icon + "-icon.svg";
    http::Response r = fetch(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_THAT(r.body, HasSubstr("<svg")) << path;
  }
}

TEST_F(StaticFilesTest, RobotsTxt) {
  http::Response r = fetch("/dex/robots.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "User-agent: *\nDisallow: /\n");
  EXPECT_EQ(r.headers.get("Content-Type"), "text/plain; charset=utf-8");
}

TEST_F(StaticFilesTest, NoListingsUnknownNamesOrTraversal) {
  for (const char* path : {"/dex/static",
                           "/dex/static/",
                           "/dex/static/img",
                           "/dex/static/img/",
                           "/dex/theme",
                           "/dex/theme/",
                           "/dex/static/nope.css",
                           "/dex/static/main.css/",
                           "/dex/static//main.css",
                           "/dex/static/./main.css",
                           "/dex/static/../theme/logo.png",
                           "/dex/static/img/../main.css",
                           "/dex/static/%2e%2e/theme/logo.png",
                           "/dex/static/%2E%2E/theme/logo.png",
                           "/dex/static/img%2fgithub-icon.svg",
                           "/dex/static/img%2Fgithub-icon.svg",
                           "/dex/static/img\\github-icon.svg",
                           "/dex/static/img%5cgithub-icon.svg",
                           "/dex/static/main.css%00",
                           "/dex/static/main.css%00.png",
                           "/dex/static/%",
                           "/dex/static/%zz",
                           "/dex/static/.hidden",
                           "/dex/theme/../../etc/passwd",
                           "/dex/theme/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                           "/dex/staticmain.css"}) {
    http::Response r = fetch(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body, "404 page not found\n") << path;
  }
}

TEST_F(StaticFilesTest, AssetPath) {
  EXPECT_EQ(asset_path("/main.css"), "main.css");
  EXPECT_EQ(asset_path("/img/github-icon.svg"), "img/github-icon.svg");
  EXPECT_EQ(asset_path("/img/a%20b.svg"), "img/a b.svg");
  EXPECT_EQ(asset_path(""), std::nullopt);
  EXPECT_EQ(asset_path("/"), std::nullopt);
  EXPECT_EQ(asset_path("main.css"), std::nullopt);
  EXPECT_EQ(asset_path("/a/../b"), std::nullopt);
  EXPECT_EQ(asset_path("/a/%2e%2e/b"), std::nullopt);
  EXPECT_EQ(asset_path("/a%2fb"), std::nullopt);
  EXPECT_EQ(asset_path("/a%00"), std::nullopt);
}

TEST_F(StaticFilesTest, HeadAnswersLikeGet) {
  http::Response get = fetch("/dex/static/main.css");
  http::Response head = fetch("/dex/static/main.css", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.get("Content-Type"), get.headers.get("Content-Type"));
  EXPECT_EQ(head.headers.get("ETag"), get.headers.get("ETag"));
  // The server writes Content-Length from the body and drops it for HEAD.
  EXPECT_EQ(head.body.size(), get.body.size());
}

TEST_F(StaticFilesTest, ConditionalGetByETag) {
  std::string etag(fetch("/dex/theme/logo.png").headers.get("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');
  for (std::string inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    http::Response r = fetch("/dex/theme/logo.png", "GET", inm);
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.headers.get("ETag"), etag);
  }
  EXPECT_EQ(fetch("/dex/theme/logo.png", "GET", "\"other\"").status, 200);
  EXPECT_EQ(fetch("/dex/theme/logo.png", "HEAD", etag).status, 304);
  // Different files have different tags.
  EXPECT_NE(fetch("/dex/theme/favicon.png").headers.get("ETag"), etag);
}

TEST_F(StaticFilesTest, OtherMethodsAreRefused) {
  http::Response r = fetch("/dex/static/main.css", "POST");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.get("Allow"), "GET, HEAD");
}

TEST_F(StaticFilesTest, RootIssuer) {
  auto f = Frontend::load({}, "");
  http::Router router("");
  f->mount(router);
  http::Request req;
  req.method = "GET";
  req.path = "/static/main.css";
  EXPECT_EQ(router.serve(router.match(req), req).status, 200);
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(content_type_for("a.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("x/y.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/vnd.microsoft.icon");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
  EXPECT_EQ(content_type_for("a.b/README"), "application/octet-stream");
}

TEST(Embedded, HoldsTheWebFolder) {
  std::vector<std::string> paths;
  for (const auto& f : embedded_files()) paths.emplace_back(f.path);
  for (const char* want :
       {"robots.txt", "static/main.css", "static/main.js", "themes/light/styles.css", "themes/light/logo.png",
        "themes/light/favicon.png", "themes/dark/styles.css", "themes/dark/logo.png",
        "themes/dark/favicon.png", "templates/header.mustache", "templates/footer.mustache",
        "templates/login.mustache", "templates/error.mustache"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want;
  }
  EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));
}

}  // namespace
}  // namespace dexcc::web
