// Tests for the CORS decision table (reference dex-server.md §1.2).
#include "http/cors.h"

#include <gtest/gtest.h>

#include "http/router.h"

namespace dexcc::http {
namespace {

Headers h(std::initializer_list<std::pair<const char*, const char*>> fields) {
  Headers out;
  for (auto [k, v] : fields) out.add(k, v);
  return out;
}

CorsPolicy two_origins() {
  return CorsPolicy::from_config({"https://a.example", "https://b.example"}, {"Authorization", "x-custom"});
}

TEST(Cors, NoOriginOrForeignOriginPassesThrough) {
  auto p = two_origins();
  auto d = decide_cors(p, "GET", h({}));
  EXPECT_TRUE(d.call_handler);
  EXPECT_TRUE(d.add.empty());
  d = decide_cors(p, "GET", h({{"Origin", "https://evil.example"}}));
  EXPECT_TRUE(d.call_handler);
  EXPECT_TRUE(d.add.empty());
}

TEST(Cors, ForeignPreflightIs200WithoutHandler) {
  auto d = decide_cors(two_origins(), "OPTIONS", h({{"Origin", "https://evil.example"}}));
  EXPECT_FALSE(d.call_handler);
  EXPECT_EQ(d.status, 200);
  EXPECT_TRUE(d.add.empty());
}

TEST(Cors, PreflightStatuses) {
  auto p = two_origins();
  EXPECT_EQ(decide_cors(p, "OPTIONS", h({{"Origin", "https://a.example"}})).status, 400);
  EXPECT_EQ(decide_cors(p, "OPTIONS", h({{"Origin", "https://a.example"}, {"Access-Control-Request-Method", "PUT"}}))
                .status,
            405);
  EXPECT_EQ(decide_cors(p, "OPTIONS",
                        h({{"Origin", "https://a.example"},
                           {"Access-Control-Request-Method", "POST"},
                           {"Access-Control-Request-Headers", "x-unknown"}}))
                .status,
            403);
  auto ok = decide_cors(p, "OPTIONS",
                        h({{"Origin", "https://a.example"},
                           {"Access-Control-Request-Method", "POST"},
                           {"Access-Control-Request-Headers", "authorization, accept, X-CUSTOM"}}));
  EXPECT_FALSE(ok.call_handler);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.add.get("Access-Control-Allow-Headers"), "Authorization,X-Custom");
  EXPECT_EQ(ok.add.get("Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(ok.add.get("Vary"), "Origin");
}

TEST(Cors, AllowedSimpleRequestGetsOriginHeader) {
  auto d = decide_cors(two_origins(), "POST", h({{"Origin", "https://b.example"}}));
  EXPECT_TRUE(d.call_handler);
  EXPECT_EQ(d.add.get("Access-Control-Allow-Origin"), "https://b.example");
  EXPECT_FALSE(d.add.has("Access-Control-Allow-Credentials"));
}

TEST(Cors, WildcardCollapsesAndAnswersStar) {
  auto p = CorsPolicy::from_config({"https://a.example", "*"}, {});
  EXPECT_EQ(p.origins, std::vector<std::string>{"*"});
  auto d = decide_cors(p, "GET", h({{"Origin", "https://anything"}}));
  EXPECT_EQ(d.add.get("Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(d.add.has("Vary"));
}

TEST(Cors, OnlyCorsRoutesAndOnlyWhenConfigured) {
  Router r("/dex");
  r.handle("/token", [](const Request&) { return Response::text(200, "t"); }, {.cors = true});
  r.handle("/auth", [](const Request&) { return Response::text(200, "a"); });
  Request pre;
  pre.method = "OPTIONS";
  pre.path = "/dex/token";
  pre.headers.add("Origin", "https://a.example");
  pre.headers.add("Access-Control-Request-Method", "POST");
  // Off: the OPTIONS request reaches the handler.
  EXPECT_EQ(r.serve(r.match(pre), pre).body, "t");
  r.set_cors(two_origins());
  Response res = r.serve(r.match(pre), pre);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "");
  pre.path = "/dex/auth";
  EXPECT_EQ(r.serve(r.match(pre), pre).body, "a");
}

}  // namespace
}  // namespace dexcc::http
