// GarbageCollector: logs like dex, only when something was removed; failures are logged too.
#include "storage/gc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/log.h"
#include "storage/memory/memory.h"

namespace dexcc::storage {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono;

class FailingStore : public GarbageStore {
 public:
  Result<GcResult> garbage_collect(Time) override { return fail("disk on fire"); }
};

TEST(GarbageCollector, LogsCountsWhenSomethingWasRemoved) {
  log::configure(log::kInfo, log::Format::kText);
  auto s = memory::open();
  base::FakeClock clock(Time(sys_days(year(2025) / 1 / 1)));
  AuthCode code;
  code.id = "c";
  code.expiry = clock.now() - seconds(1);
  ASSERT_TRUE(s->create_auth_code(code).has_value());
  GarbageCollector gc(*s, clock);

  ::testing::internal::CaptureStderr();
  auto first = gc.run_once();
  auto second = gc.run_once();
  std::string out = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->auth_codes, 1);
  EXPECT_TRUE(second->empty());
  EXPECT_THAT(
      out,
      HasSubstr(
          R"(msg="garbage collection run, delete auth" requests=0 auth_codes=1 device_requests=0 device_tokens=0)"));
  EXPECT_EQ(out.find("garbage collection run", out.find("garbage collection run") + 1), std::string::npos)
      << "an empty pass is not logged";
}

TEST(GarbageCollector, LogsFailures) {
  log::configure(log::kInfo, log::Format::kText);
  FailingStore store;
  base::SystemClock clock;
  GarbageCollector gc(store, clock);
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(gc.run_once().has_value());
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr(R"(msg="garbage collection failed" err="disk on fire")"));
}

TEST(GarbageCollector, StopsPromptlyAndTwice) {
  auto s = memory::open();
  base::SystemClock clock;
  GarbageCollector gc(*s, clock);  // 5 minute interval: stop must not wait for it
  gc.start();
  auto start = steady_clock::now();
  gc.stop();
  gc.stop();
  EXPECT_LT(steady_clock::now() - start, seconds(1));
}

}  // namespace
}  // namespace dexcc::storage
