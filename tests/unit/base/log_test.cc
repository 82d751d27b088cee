// Tests for log record shapes (slog text and JSON) and logger.level parsing.
#include "base/log.h"

#include <gtest/gtest.h>

namespace dexcc::log {
namespace {

TEST(Log, ParsesLevelsLikeSlog) {
  EXPECT_EQ(parse_level("debug"), kDebug);
  EXPECT_EQ(parse_level("INFO"), kInfo);
  EXPECT_EQ(parse_level("Warn"), kWarn);
  EXPECT_EQ(parse_level("error"), kError);
  EXPECT_EQ(parse_level("info+2"), 2);
  EXPECT_EQ(parse_level("error-1"), 7);
  EXPECT_FALSE(parse_level("verbose").has_value());
  EXPECT_FALSE(parse_level("info+").has_value());
}

TEST(Log, TextRecordQuotesWhereSlogDoes) {
  EXPECT_EQ(format_record(Format::kText, "T", kInfo, "login successful",
                          {{"connector_id", "local"}, {"email", ""}, {"n", 3}}),
            "time=T level=INFO msg=\"login successful\" connector_id=local email=\"\" n=3");
}

TEST(Log, JsonRecordKeepsNumbersRaw) {
  EXPECT_EQ(format_record(Format::kJson, "T", kWarn, "a \"b\"", {{"n", 3}, {"ok", true}, {"s", "x\ny"}}),
            "{\"time\":\"T\",\"level\":\"WARN\",\"msg\":\"a \\\"b\\\"\",\"n\":3,\"ok\":true,\"s\":\"x\\ny\"}");
}

TEST(Log, LevelNamesWithOffsets) {
  EXPECT_EQ(format_record(Format::kText, "T", 2, "m", {}), "time=T level=INFO+2 msg=m");
  EXPECT_EQ(format_record(Format::kText, "T", -5, "m", {}), "time=T level=DEBUG-1 msg=m");
}

}  // namespace
}  // namespace dexcc::log
