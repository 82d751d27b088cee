// Tests for log record shapes (slog text and JSON) and logger.level parsing.
#include "base/log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

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

// The rules byte by byte, as slog states them: the formatter tests eight bytes at a time and must
// agree with this on every input.
std::string reference_quoted(std::string_view v) {
  std::string out = "\"";
  for (unsigned char c : v) {
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string reference_text_value(std::string_view v) {
  bool quote = v.empty();
  for (unsigned char c : v) quote = quote || c <= ' ' || c == '=' || c == '"' || c == 0x7f;
  return quote ? reference_quoted(v) : std::string(v);
}

TEST(Log, WordAtATimeScanAgreesWithTheByteRules) {
  std::mt19937 rng(7);
  // Mostly plain bytes with a few special ones, at every position and length around a word.
  const std::string specials = std::string("\"\\=\n\r\t \x01\x1f\x7f\x80\xff", 12) + std::string(1, '\0');
  for (int round = 0; round < 20000; ++round) {
    size_t len = rng() % 40;
    std::string v;
    for (size_t i = 0; i < len; ++i) {
      v += rng() % 8 == 0 ? specials[rng() % specials.size()] : static_cast<char>('!' + rng() % 94);
    }
    ASSERT_EQ(format_record(Format::kText, "T", kInfo, "m", {{"k", v}}),
              "time=T level=INFO msg=m k=" + reference_text_value(v))
        << "round " << round;
    ASSERT_EQ(format_record(Format::kJson, "T", kInfo, "m", {{"k", v}}),
              "{\"time\":\"T\",\"level\":\"INFO\",\"msg\":\"m\",\"k\":" + reference_quoted(v) + "}")
        << "round " << round;
  }
}

TEST(Log, LongestRecordsFitTheirRoom) {
  std::string controls(300, '\x01');  // each byte becomes six characters
  std::string expected_value = reference_quoted(controls);
  EXPECT_EQ(format_record(Format::kJson, controls, kError + 2147483639, controls, {{controls, controls}}),
            "{\"time\":" + expected_value + ",\"level\":\"ERROR+2147483639\",\"msg\":" + expected_value + "," +
                expected_value + ":" + expected_value + "}");
  EXPECT_EQ(format_record(Format::kText, "T", kDebug - 2147483644, "m", {}), "time=T level=DEBUG-2147483644 msg=m");
}

TEST(Log, LevelNamesWithOffsets) {
  EXPECT_EQ(format_record(Format::kText, "T", 2, "m", {}), "time=T level=INFO+2 msg=m");
  EXPECT_EQ(format_record(Format::kText, "T", -5, "m", {}), "time=T level=DEBUG-1 msg=m");
}

TEST(Log, FieldCopiesKeepTheirOwnDigits) {
  std::vector<Field> copies;
  {
    Field number("n", 12345);
    Field text("s", "abc");
    copies.push_back(number);
    copies.push_back(text);
  }  // the originals are gone; the copies must not point into them
  Field assigned("x", 0);
  assigned = copies[0];
  copies.push_back(Field("d", 1.5));
  EXPECT_EQ(copies[0].value, "12345");
  EXPECT_EQ(assigned.value, "12345");
  EXPECT_EQ(copies[1].value, "abc");
  EXPECT_EQ(copies[2].value, "1.500000");
  EXPECT_TRUE(copies[0].raw);
  EXPECT_FALSE(copies[1].raw);
  EXPECT_EQ(Field("big", 1e300).value.substr(0, 6), "1e+300");  // too long for fixed notation
}

// Points stderr at a file for the life of the object and gives back what was written.
class CapturedStderr {
 public:
  CapturedStderr() {
    path_ = ::testing::TempDir() + "/log_capture_" + std::to_string(::getpid());
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    FILE* f = std::fopen(path_.c_str(), "w");
    ::dup2(::fileno(f), STDERR_FILENO);
    std::fclose(f);
  }
  ~CapturedStderr() { restore(); }
  std::string text() {
    std::ifstream in(path_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  void restore() {
    if (saved_ < 0) return;
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
  }

 private:
  std::string path_;
  int saved_ = -1;
};

size_t count_lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

TEST(Log, BatchedLinesWaitForTheFlushAndComeOutWhole) {
  CapturedStderr captured;
  int scheduled = 0;
  {
    ThreadLineBatch batch([&] { ++scheduled; });
    info("first", {{"n", 1}});
    info("second", {{"n", 2}});
    EXPECT_EQ(scheduled, 1);  // once per batch, at its first line
    EXPECT_EQ(captured.text(), "");
    flush_thread_lines();
    EXPECT_EQ(count_lines(captured.text()), 2u);
    info("third");
    EXPECT_EQ(scheduled, 2);
    // Past 4 KiB the batch is written out before it would grow over PIPE_BUF.
    std::string long_value(1000, 'x');
    for (int i = 0; i < 10; ++i) info("long", {{"v", long_value}});
    EXPECT_GE(count_lines(captured.text()), 5u);
    // One line above 4 KiB goes out by itself, after the lines before it.
    info("huge", {{"v", std::string(5000, 'y')}});
    std::string text = captured.text();
    EXPECT_NE(text.find("msg=huge"), std::string::npos);
    EXPECT_LT(text.find("msg=third"), text.find("msg=huge"));
  }  // the destructor flushes the rest
  std::string text = captured.text();
  captured.restore();
  EXPECT_EQ(count_lines(text), 14u);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) EXPECT_EQ(line.rfind("time=", 0), 0u) << line;
}

TEST(Log, OtherThreadsWriteAtOnceWhileOneBatches) {
  CapturedStderr captured;
  ThreadLineBatch batch([] {});
  info("held");
  std::thread([] { info("direct"); }).join();
  std::string text = captured.text();
  EXPECT_NE(text.find("msg=direct"), std::string::npos);
  EXPECT_EQ(text.find("msg=held"), std::string::npos);
  flush_thread_lines();
  EXPECT_NE(captured.text().find("msg=held"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::log
