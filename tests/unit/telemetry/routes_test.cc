// Tests for the telemetry routes' answers to the query string of /healthz.
#include "telemetry/routes.h"

#include <gtest/gtest.h>

namespace dexcc::telemetry {
namespace {

using namespace std::chrono_literals;

http::Response get(const http::Router& router, const std::string& query) {
  http::Request req;
  req.method = "GET";
  req.path = "/healthz";
  req.query = query;
  req.target = "/healthz?" + query;
  return router.serve(router.match(req), req);
}

TEST(Routes, HealthzShortFormAndParameterLimit) {
  base::FakeClock clock(base::Time(std::chrono::seconds(1700000000)));
  HealthCheck::Check passing = [] { return std::nullopt; };
  HealthCheck health("storage", passing, 15s, clock);
  Registry registry;
  http::Router router("");
  mount(router, registry, health);

  EXPECT_EQ(get(router, "type=short").body, "{\n\t\"storage\": \"PASS\"\n}\n");
  std::string at_limit = "type=short";
  for (size_t i = 1; i < http::kMaxParameters; ++i) at_limit += "&p=";
  EXPECT_EQ(get(router, at_limit).status, 200);
  auto over = get(router, at_limit + "&p=");
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(over.body, http::kTooManyParameters);
}

}  // namespace
}  // namespace dexcc::telemetry
