// Logging facade: dex's slog-style records (text or JSON) on stderr, levels as dex's logger config.
#pragma once

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

// One key=value attribute. Numbers and booleans stay unquoted in JSON output.
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false"), raw(true) {}
  template <class N>
    requires(std::is_arithmetic_v<N> && !std::is_same_v<N, bool>)
  Field(std::string_view k, N v) : key(k), value(std::to_string(v)), raw(true) {}

  std::string_view key;
  std::string value;
  bool raw = false;
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

// Renders one record without writing it (tests, and the writer itself).
std::string format_record(Format format, std::string_view time, Level level, std::string_view msg,
                          Fields fields);

}  // namespace dexcc::log
