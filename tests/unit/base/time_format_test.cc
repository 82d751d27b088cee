// Tests for RFC 3339 and go-sqlite3 timestamp text round trips.
#include "base/time_format.h"

#include <gtest/gtest.h>

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
