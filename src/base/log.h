// Logging facade: dex's slog-style records (text or JSON) on stderr, levels as dex's logger config.
#pragma once

#include <charconv>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace dexcc::log {

// slog levels: DEBUG=-4, INFO=0, WARN=4, ERROR=8; "info+2" is 2.
using Level = int;
constexpr Level kDebug = -4;
constexpr Level kInfo = 0;
constexpr Level kWarn = 4;
constexpr Level kError = 8;

enum class Format { kText, kJson };

// One key=value attribute. The value is viewed, not copied (a record is written before the call that
// makes it returns); numbers and booleans are formatted into the field itself and stay unquoted in
// JSON output.
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false"), raw(true) {}
  template <class N>
    requires(std::is_arithmetic_v<N> && !std::is_same_v<N, bool>)
  Field(std::string_view k, N v) : key(k), raw(true) {
    value = format_number(v);
  }
  Field(const Field& other) : key(other.key), value(other.value), raw(other.raw) { own_number(other); }
  Field& operator=(const Field& other) {
    key = other.key;
    value = other.value;
    raw = other.raw;
    own_number(other);
    return *this;
  }

  std::string_view key;
  std::string_view value;
  // The value is a JSON number or boolean literal: written as it is, unquoted in both formats.
  bool raw = false;

 private:
  template <class N>
  std::string_view format_number(N v) {
    if constexpr (std::is_floating_point_v<N>) {
      // std::to_string's "%f" text, as the records have always shown it.
      auto r = std::to_chars(number_, number_ + sizeof number_, static_cast<double>(v), std::chars_format::fixed, 6);
      if (r.ec != std::errc()) r = std::to_chars(number_, number_ + sizeof number_, static_cast<double>(v));
      return {number_, static_cast<size_t>(r.ptr - number_)};
    } else {
      auto r = std::to_chars(number_, number_ + sizeof number_, v);
      return {number_, static_cast<size_t>(r.ptr - number_)};
    }
  }
  // A copy views its own digits, not the original's.
  void own_number(const Field& other) {
    if (other.value.data() >= other.number_ && other.value.data() < other.number_ + sizeof other.number_) {
      std::memcpy(number_, other.value.data(), other.value.size());
      value = std::string_view(number_, other.value.size());
    }
  }
  char number_[32] = {};
};

using Fields = std::initializer_list<Field>;

// Parses dex's logger.level: debug|info|warn|error, any case, optional +N/-N.
std::optional<Level> parse_level(std::string_view text);

void configure(Level level, Format format);
bool enabled(Level level);

void write(Level level, std::string_view msg, Fields fields = {});
inline void debug(std::string_view msg, Fields f = {}) {
  if (enabled(kDebug)) write(kDebug, msg, f);
}
inline void info(std::string_view msg, Fields f = {}) { write(kInfo, msg, f); }
inline void warn(std::string_view msg, Fields f = {}) { write(kWarn, msg, f); }
inline void error(std::string_view msg, Fields f = {}) { write(kError, msg, f); }

// While one of these lives on a thread, that thread's records are gathered and written together,
// up to PIPE_BUF (4 KiB) per write(2), when flush_thread_lines() runs on it, instead of one write(2)
// each. `schedule_flush` is called, on the same thread, when the first record of a batch arrives;
// it must arrange for flush_thread_lines() to run there soon (an I/O thread posts it to its event
// loop, so a batch is the records of one round of ready connections). Destruction flushes.
class ThreadLineBatch {
 public:
  explicit ThreadLineBatch(std::function<void()> schedule_flush);
  ~ThreadLineBatch();
  ThreadLineBatch(const ThreadLineBatch&) = delete;
  ThreadLineBatch& operator=(const ThreadLineBatch&) = delete;
};
void flush_thread_lines();

// Renders one record without writing it (tests, and the writer itself).
std::string format_record(Format format, std::string_view time, Level level, std::string_view msg,
                          Fields fields);

}  // namespace dexcc::log
