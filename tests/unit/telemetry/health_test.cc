// Tests for the health check's go-sundheit JSON shapes and failure bookkeeping.
#include "telemetry/health.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace dexcc::telemetry {
namespace {

using namespace std::chrono_literals;

TEST(Health, InitiallyPassingWithMessage) {
  base::FakeClock clock(base::Time(std::chrono::seconds(1700000000)));
  HealthCheck h("storage", [] { return std::nullopt; }, 15s, clock);
  EXPECT_TRUE(h.healthy());
  auto j = nlohmann::json::parse(h.report_json(false));
  EXPECT_EQ(j["storage"]["message"], "didn't run yet");
  EXPECT_EQ(j["storage"]["contiguousFailures"], 0);
  EXPECT_TRUE(j["storage"]["timeOfFirstFailure"].is_null());
  EXPECT_EQ(h.report_json(true), "{\n\t\"storage\": \"PASS\"\n}\n");
}

TEST(Health, FailuresCountAndRecover) {
  base::FakeClock clock(base::Time(std::chrono::seconds(1700000000)));
  bool fail = true;
  HealthCheck h("storage", [&]() -> std::optional<std::string> {
    if (fail) return "database is gone";
    return std::nullopt;
  }, 15s, clock);
  h.run_once();
  clock.advance(15s);
  h.run_once();
  EXPECT_FALSE(h.healthy());
  auto j = nlohmann::json::parse(h.report_json(false));
  EXPECT_FALSE(j["storage"].contains("message"));
  EXPECT_EQ(j["storage"]["error"]["message"], "database is gone");
  EXPECT_EQ(j["storage"]["contiguousFailures"], 2);
  EXPECT_EQ(j["storage"]["timeOfFirstFailure"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(j["storage"]["timestamp"], "2023-11-14T22:13:35Z");
  EXPECT_NE(h.report_json(true).find("FAIL"), std::string::npos);
  fail = false;
  h.run_once();
  EXPECT_TRUE(h.healthy());
  j = nlohmann::json::parse(h.report_json(false));
  EXPECT_EQ(j["storage"]["contiguousFailures"], 0);
}

TEST(Health, PeriodicThreadRuns) {
  base::SystemClock clock;
  std::atomic<int> runs{0};
  HealthCheck h("storage", [&]() -> std::optional<std::string> {
    ++runs;
    return std::nullopt;
  }, 10ms, clock);
  h.start();
  std::this_thread::sleep_for(100ms);
  h.stop();
  EXPECT_GE(runs.load(), 2);
}

}  // namespace
}  // namespace dexcc::telemetry
