// Tests for the Prometheus text exposition of dex's HTTP metrics.
#include <gtest/gtest.h>

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
