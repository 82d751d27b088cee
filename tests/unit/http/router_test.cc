// Tests for dex's routing rules: raw paths, no cleaning, no trailing-slash redirects, plain 404.
#include "http/router.h"

#include <gtest/gtest.h>

namespace dexcc::http {
namespace {

Response named(std::string name) { return Response::text(200, std::move(name)); }

Router dex_router(std::string mount) {
  Router r(std::move(mount));
  r.handle("/", [](const Request&) { return named("root"); });
  r.handle("/token", [](const Request&) { return named("token"); });
  r.handle("/auth", [](const Request&) { return named("auth"); });
  r.handle("/auth/{connector}", [](const Request& q) { return named("conn:" + std::string(q.param("connector"))); });
  r.handle("/auth/{connector}/login", [](const Request& q) { return named("login:" + std::string(q.param("connector"))); });
  r.handle_prefix("/static", [](const Request& q) { return named("static:" + std::string(q.param("*"))); },
                  {.web_headers = false, .instrument = false});
  return r;
}

std::string route(const Router& r, std::string path) {
  Request req;
  req.method = "GET";
  req.path = std::move(path);
  const Route* found = r.match(req);
  Response res = r.serve(found, req);
  return res.status == 404 ? "404" : res.body;
}

TEST(Router, MountsUnderTheIssuerPath) {
  Router r = dex_router("/dex");
  EXPECT_EQ(route(r, "/dex"), "root");
  EXPECT_EQ(route(r, "/dex/token"), "token");
  EXPECT_EQ(route(r, "/dex/"), "404");
  EXPECT_EQ(route(r, "/token"), "404");
}

TEST(Router, NoCleaningNoTrailingSlashRedirects) {
  Router r = dex_router("/dex");
  EXPECT_EQ(route(r, "/dex//token"), "404");
  EXPECT_EQ(route(r, "/dex/token/"), "404");
  EXPECT_EQ(route(r, "/dex/./token"), "404");
  EXPECT_EQ(route(r, "/dex/auth/"), "404");
}

TEST(Router, PlaceholdersMatchOneEncodedSegment) {
  Router r = dex_router("/dex");
  EXPECT_EQ(route(r, "/dex/auth/local"), "conn:local");
  EXPECT_EQ(route(r, "/dex/auth/a%2Fb"), "conn:a%2Fb");
  EXPECT_EQ(route(r, "/dex/auth/a/b"), "404");
  EXPECT_EQ(route(r, "/dex/auth/local/login"), "login:local");
}

TEST(Router, PrefixRoutes) {
  Router r = dex_router("/dex");
  EXPECT_EQ(route(r, "/dex/static/main.css"), "static:/main.css");
  EXPECT_EQ(route(r, "/dex/staticx"), "404");
}

TEST(Router, RootIssuer) {
  Router r = dex_router("");
  EXPECT_EQ(route(r, "/"), "root");
  EXPECT_EQ(route(r, "/token"), "token");
  Router slash = dex_router("/");
  EXPECT_EQ(route(slash, "/token"), "token");
}

TEST(Router, NotFoundIsGoPlainText) {
  Router r = dex_router("/dex");
  Request req;
  req.path = "/nope";
  Response res = r.serve(r.match(req), req);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "404 page not found\n");
  EXPECT_EQ(res.headers.get("Content-Type"), "text/plain; charset=utf-8");
}

TEST(Router, WebHeadersOnNormalRoutesOnly) {
  Router r = dex_router("/dex");
  r.set_web_headers({{"X-Frame-Options", "DENY"}});
  Request req;
  req.path = "/dex/token";
  EXPECT_EQ(r.serve(r.match(req), req).headers.get("X-Frame-Options"), "DENY");
  req.path = "/dex/static/x";
  EXPECT_FALSE(r.serve(r.match(req), req).headers.has("X-Frame-Options"));
}

TEST(Router, PathJoinCleansLikeGo) {
  EXPECT_EQ(path_join("/dex", "/token"), "/dex/token");
  EXPECT_EQ(path_join("/dex/", "/"), "/dex");
  EXPECT_EQ(path_join("", "/"), "/");
  EXPECT_EQ(path_join("/", "/keys"), "/keys");
  EXPECT_EQ(path_join("/a/../b", "c"), "/b/c");
}

}  // namespace
}  // namespace dexcc::http
