// Tests for the Prometheus text exposition of dex's HTTP metrics.
#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "telemetry/http_metrics.h"

namespace dexcc::telemetry {
namespace {

TEST(Metrics, HttpMetricsUseDexNamesAndLabels) {
  Registry registry;
  HttpMetrics m(registry);
  m.observe("/token", "POST", 200, std::chrono::milliseconds(300), 1000);
  m.observe("/token", "POST", 200, std::chrono::milliseconds(20), 100);
  std::string text = registry.render();
  EXPECT_NE(text.find("# TYPE http_requests_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("http_requests_total{code=\"200\",method=\"post\",handler=\"/token\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("request_duration_seconds_bucket{code=\"200\",method=\"post\",handler=\"/token\",le=\"0.25\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("request_duration_seconds_bucket{code=\"200\",method=\"post\",handler=\"/token\",le=\"0.5\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("response_size_bytes_bucket{code=\"200\",method=\"post\",handler=\"/token\",le=\"200\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("response_size_bytes_bucket{code=\"200\",method=\"post\",handler=\"/token\",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("response_size_bytes_sum{code=\"200\",method=\"post\",handler=\"/token\"} 1100\n"),
            std::string::npos);
}

// As promhttp labels them: a client sending made-up methods must not add series without bound.
TEST(Metrics, MethodsOutsideTheStandardOnesAreUnknown) {
  Registry registry;
  HttpMetrics m(registry);
  for (const char* method : {"GET", "get", "PATCH", "notify"}) m.observe("/keys", method, 200, std::chrono::milliseconds(1), 1);
  for (int i = 0; i < 100; ++i) m.observe("/keys", "X" + std::to_string(i), 405, std::chrono::milliseconds(1), 1);
  m.observe("/keys", "Get", 405, std::chrono::milliseconds(1), 1);  // neither all upper nor all lower case
  std::string text = registry.render();
  EXPECT_NE(text.find("http_requests_total{code=\"200\",method=\"get\",handler=\"/keys\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("http_requests_total{code=\"200\",method=\"patch\",handler=\"/keys\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("http_requests_total{code=\"200\",method=\"notify\",handler=\"/keys\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("http_requests_total{code=\"405\",method=\"unknown\",handler=\"/keys\"} 101\n"), std::string::npos);
  size_t series = 0;
  for (size_t pos = 0; (pos = text.find("\nhttp_requests_total{", pos)) != std::string::npos; ++pos) ++series;
  EXPECT_EQ(series, 4u);
}

// Each thread keeps its own index of series found: one thread alternating between two HttpMetrics,
// and a later one built where an earlier one was destroyed, must each count only their own requests.
TEST(Metrics, ThreadIndexBelongsToOneHttpMetricsAtATime) {
  Registry first_registry, second_registry;
  HttpMetrics first(first_registry);
  HttpMetrics second(second_registry);
  for (int i = 0; i < 3; ++i) {
    first.observe("/keys", "GET", 200, std::chrono::milliseconds(1), 10);
    second.observe("/keys", "GET", 200, std::chrono::milliseconds(1), 10);
    second.observe("/keys", "GET", 200, std::chrono::milliseconds(1), 10);
  }
  EXPECT_NE(first_registry.render().find("http_requests_total{code=\"200\",method=\"get\",handler=\"/keys\"} 3\n"),
            std::string::npos);
  EXPECT_NE(second_registry.render().find("http_requests_total{code=\"200\",method=\"get\",handler=\"/keys\"} 6\n"),
            std::string::npos);
  for (int round = 0; round < 3; ++round) {
    Registry registry;
    auto m = std::make_unique<HttpMetrics>(registry);  // often at the address of the one before
    m->observe("/token", "POST", 200, std::chrono::milliseconds(1), 10);
    EXPECT_NE(registry.render().find("http_requests_total{code=\"200\",method=\"post\",handler=\"/token\"} 1\n"),
              std::string::npos);
  }
}

// Series are updated without a lock once found: concurrent requests must all be counted, in the
// right series, and a series first seen on several threads at once must be created once.
TEST(Metrics, ConcurrentObservationsAreAllCounted) {
  Registry registry;
  HttpMetrics m(registry);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 5000; ++i) {
        m.observe(i % 2 ? "/keys" : "/token", t % 2 ? "GET" : "get", 200 + (i % 3 == 0 ? 0 : 4),
                  std::chrono::milliseconds(1), 10);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::string text = registry.render();
  // /keys: odd i (2500 per thread), of which i % 3 == 0 is 833 per thread -> 200, the rest 204.
  EXPECT_NE(text.find("http_requests_total{code=\"200\",method=\"get\",handler=\"/keys\"} 6664\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{code=\"204\",method=\"get\",handler=\"/keys\"} 13336\n"),
            std::string::npos);
  EXPECT_NE(text.find("request_duration_seconds_count{code=\"204\",method=\"get\",handler=\"/keys\"} 13336\n"),
            std::string::npos);
  EXPECT_NE(text.find("response_size_bytes_sum{code=\"204\",method=\"get\",handler=\"/keys\"} 133360\n"),
            std::string::npos);
  size_t series = 0;
  for (size_t pos = 0; (pos = text.find("\nhttp_requests_total{", pos)) != std::string::npos; ++pos) ++series;
  EXPECT_EQ(series, 4u);  // {/keys, /token} x {200, 204}; "GET" and "get" are one method
}

TEST(Metrics, BuildInfoAndProcess) {
  Registry registry;
  register_build_info(registry, "v1");
  register_process_metrics(registry);
  std::string text = registry.render();
  EXPECT_NE(text.find("dex_build_info{version=\"v1\",go_version=\"gcc"), std::string::npos) << text;
  EXPECT_NE(text.find("process_resident_memory_bytes "), std::string::npos);
  EXPECT_NE(text.find("process_cpu_seconds_total "), std::string::npos);
}

TEST(Metrics, LabelValuesAreEscaped) {
  std::string out;
  append_sample(out, "m", {"a"}, {"x\"y\\z\n"}, 1.5);
  EXPECT_EQ(out, "m{a=\"x\\\"y\\\\z\\n\"} 1.5\n");
}

}  // namespace
}  // namespace dexcc::telemetry
