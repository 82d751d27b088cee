// Tests for Go-syntax duration parsing and printing, table-driven from Go's own time tests.
#include "base/duration.h"

#include <gtest/gtest.h>

namespace dexcc::base {
namespace {

using std::chrono::nanoseconds;
constexpr long long kSec = 1000000000;

TEST(GoDuration, ParsesValidText) {
  const std::pair<const char*, long long> cases[] = {
      {"0", 0},
      {"5s", 5 * kSec},
      {"30s", 30 * kSec},
      {"1478s", 1478 * kSec},
      {"-5s", -5 * kSec},
      {"+5s", 5 * kSec},
      {"-0", 0},
      {"5.0s", 5 * kSec},
      {"5.6s", 5 * kSec + 600000000},
      {"5.s", 5 * kSec},
      {".5s", kSec / 2},
      {"1.004s", kSec + 4000000},
      {"100.00100s", 100 * kSec + 1000000},
      {"10ns", 10},
      {"11us", 11000},
      {"12\xC2\xB5s", 12000},
      {"12\xCE\xBCs", 12000},
      {"13ms", 13000000},
      {"14s", 14 * kSec},
      {"15m", 15 * 60 * kSec},
      {"16h", 16 * 3600 * kSec},
      {"3h30m", (3 * 3600 + 30 * 60) * kSec},
      {"10.5s4m", 4 * 60 * kSec + 10 * kSec + kSec / 2},
      {"1h1m1s1ms1us1ns", 3661 * kSec + 1001001},
      {"39h9m14.425s", (39 * 3600 + 9 * 60 + 14) * kSec + 425000000},
      {"24h", 24 * 3600 * kSec},
      {"2160h", 2160LL * 3600 * kSec},
      {"9223372036854775807ns", 9223372036854775807LL},
  };
  for (auto [text, want] : cases) {
    auto got = parse_go_duration(text);
    ASSERT_TRUE(got.has_value()) << text;
    EXPECT_EQ(got->count(), want) << text;
  }
}

TEST(GoDuration, RejectsInvalidText) {
  for (const char* text : {"", "3", "-", "s", ".", "-.", ".s", "+.s", "1x", "1d", "5 s", "1h-1m",
                           "9223372036854775808ns", "3000000h", "h1"}) {
    EXPECT_FALSE(parse_go_duration(text).has_value()) << text;
  }
}

TEST(GoDuration, FormatsLikeGo) {
  EXPECT_EQ(format_go_duration(nanoseconds(0)), "0s");
  EXPECT_EQ(format_go_duration(nanoseconds(1)), "1ns");
  EXPECT_EQ(format_go_duration(nanoseconds(1100)), "1.1\xC2\xB5s");
  EXPECT_EQ(format_go_duration(nanoseconds(2200000)), "2.2ms");
  EXPECT_EQ(format_go_duration(nanoseconds(3300 * 1000000LL)), "3.3s");
  EXPECT_EQ(format_go_duration(nanoseconds((4 * 60 + 5) * kSec)), "4m5s");
  EXPECT_EQ(format_go_duration(nanoseconds((4 * 60 + 5) * kSec + 1000000)), "4m5.001s");
  EXPECT_EQ(format_go_duration(nanoseconds(24 * 3600 * kSec)), "24h0m0s");
  EXPECT_EQ(format_go_duration(nanoseconds(-kSec)), "-1s");
}

}  // namespace
}  // namespace dexcc::base
