// Tests for RFC 3339 and go-sqlite3 timestamp text round trips.
#include "base/time_format.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

namespace dexcc::base {
namespace {

using namespace std::chrono;

Time sample() {
  return sys_days(year(2025) / January / day(2)) + hours(3) + minutes(4) + seconds(5) + microseconds(123456);
}

TEST(TimeFormat, Rfc3339Nano) {
  EXPECT_EQ(format_rfc3339_nano(sample()), "2025-01-02T03:04:05.123456Z");
  EXPECT_EQ(format_rfc3339_nano(sys_days(year(2025) / January / day(2)) + milliseconds(500)),
            "2025-01-02T00:00:00.5Z");
  EXPECT_EQ(format_rfc3339_nano(go_zero_time()), "0001-01-01T00:00:00Z");
}

// The digit-by-digit writer against fmt, over times spread across years 0000-9999 and beyond.
TEST(TimeFormat, MatchesAFormatterAcrossTheRange) {
  auto reference = [](Time t) {
    auto day = floor<days>(t);
    year_month_day ymd{sys_days(day)};
    hh_mm_ss<microseconds> tod{t - day};
    std::string fraction = fmt::format("{:06d}", tod.subseconds().count());
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), tod.hours().count(),
                       tod.minutes().count(), tod.seconds().count(), fraction.empty() ? "" : "." + fraction);
  };
  std::mt19937_64 rng(7);
  Time first = sys_days(year(0) / January / day(1));
  Time end = sys_days(year(10000) / January / day(1));
  std::uniform_int_distribution<long long> pick(0, (end - first).count() - 1);
  for (int i = 0; i < 20000; ++i) {
    Time t = first + microseconds(pick(rng));
    if (i % 3 == 0) t = floor<seconds>(t) + microseconds(i % 7 == 0 ? 0 : 100000);  // short fractions
    ASSERT_EQ(format_rfc3339_nano(t), reference(t));
  }
  EXPECT_EQ(format_rfc3339_nano(end - microseconds(1)), "9999-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_rfc3339_nano(end), "10000-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339_nano(first - seconds(1)), "-001-12-31T23:59:59Z");
}

TEST(TimeFormat, ParsesRfc3339WithOffsets) {
  EXPECT_EQ(parse_rfc3339("2025-01-02T03:04:05.123456Z"), sample());
  // dex writes nanoseconds; dexcc keeps microseconds (Postgres precision).
  EXPECT_EQ(parse_rfc3339("2025-01-02T03:04:05.123456789Z"), sample());
  EXPECT_EQ(parse_rfc3339("2025-01-02T05:04:05.123456789+02:00"), sample());
  EXPECT_FALSE(parse_rfc3339("2025-01-02").has_value());
  EXPECT_FALSE(parse_rfc3339("2025-13-02T03:04:05Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2025-01-02T03:04:05Zjunk").has_value());
}

TEST(TimeFormat, SqliteText) {
  EXPECT_EQ(format_sqlite_time(sample()), "2025-01-02 03:04:05.123456+00:00");
  EXPECT_EQ(parse_sqlite_time("2025-01-02 03:04:05.123456+00:00"), sample());
  EXPECT_EQ(parse_sqlite_time("2025-01-02T03:04:05.123456Z"), sample());
  EXPECT_EQ(parse_sqlite_time("0001-01-01 00:00:00+00:00"), go_zero_time());
  EXPECT_EQ(parse_sqlite_time("2025-01-02"), Time(sys_days(year(2025) / January / day(2))));
}

}  // namespace
}  // namespace dexcc::base
