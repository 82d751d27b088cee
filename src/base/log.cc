// Record formatting in slog's text and JSON shapes; output goes through an spdlog sink to stderr.
#include "base/log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <memory>

namespace dexcc::log {
namespace {

std::atomic<Level> g_level{kInfo};
std::atomic<Format> g_format{Format::kText};

// Each record goes to stderr as one write(2) of the whole line, without a lock: the kernel keeps
// concurrent writes to one open file whole and in order (and pipes do for lines up to PIPE_BUF,
// 4 KiB), so lines from the I/O threads never interleave. spdlog's stderr sink instead takes a
// mutex around fwrite and fflush, and the I/O threads queued on it for every access-log line.
class StderrLineSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    thread_local std::string line;
    line.assign(msg.payload.data(), msg.payload.size());
    line += '\n';
    const char* p = line.data();
    size_t left = line.size();
    while (left > 0) {
      ssize_t n = ::write(STDERR_FILENO, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // stderr closed or full: logging must never stop the server
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  void flush_() override {}  // nothing is buffered
};

spdlog::logger& sink() {
  static auto logger = [] {
    auto l = std::make_shared<spdlog::logger>("dexcc", std::make_shared<StderrLineSink>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

std::string level_name(Level level) {
  auto with_offset = [](const char* base, int delta) {
    return delta == 0 ? std::string(base) : fmt::format("{}{:+d}", base, delta);
  };
  if (level < kInfo) return with_offset("DEBUG", level - kDebug);
  if (level < kWarn) return with_offset("INFO", level - kInfo);
  if (level < kError) return with_offset("WARN", level - kWarn);
  return with_offset("ERROR", level - kError);
}

// slog's text handler quotes a value when it is empty or holds spaces, '=', '"' or control bytes.
bool needs_quoting(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= ' ' || c == '=' || c == '"' || c == 0x7f) return true;
  }
  return false;
}

void append_quoted(std::string& out, std::string_view v) {
  out += '"';
  for (unsigned char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_text_value(std::string& out, std::string_view v) {
  if (needs_quoting(v)) {
    append_quoted(out, v);
  } else {
    out += v;
  }
}

// "2006-01-02T15:04:05.000Z". The part up to the seconds is formatted once per second per thread:
// fmt's chrono formatting was a third of the cost of an access-log line (callgrind).
std::string now_text() {
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached_prefix;
  auto now = std::chrono::system_clock::now();
  std::time_t second = std::chrono::system_clock::to_time_t(now);
  if (second != cached_second) {
    cached_prefix = fmt::format("{:%Y-%m-%dT%H:%M:%S}.", fmt::gmtime(second));
    cached_second = second;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::string out = cached_prefix;
  out += static_cast<char>('0' + ms / 100);
  out += static_cast<char>('0' + ms / 10 % 10);
  out += static_cast<char>('0' + ms % 10);
  out += 'Z';
  return out;
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int offset = 0;
  if (auto pos = lower.find_first_of("+-"); pos != std::string::npos) {
    std::string_view num = std::string_view(lower).substr(pos + 1);
    if (num.empty() || num.size() > 3) return std::nullopt;
    for (char c : num) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    offset = std::stoi(std::string(num)) * (lower[pos] == '-' ? -1 : 1);
    lower.resize(pos);
  }
  Level base;
  if (lower == "debug") {
    base = kDebug;
  } else if (lower == "info") {
    base = kInfo;
  } else if (lower == "warn") {
    base = kWarn;
  } else if (lower == "error") {
    base = kError;
  } else {
    return std::nullopt;
  }
  return base + offset;
}

void configure(Level level, Format format) {
  g_level = level;
  g_format = format;
}

bool enabled(Level level) { return level >= g_level.load(std::memory_order_relaxed); }

std::string format_record(Format format, std::string_view time, Level level, std::string_view msg,
                          Fields fields) {
  std::string out;
  out.reserve(128);
  if (format == Format::kJson) {
    out += "{\"time\":";
    append_quoted(out, time);
    out += ",\"level\":";
    append_quoted(out, level_name(level));
    out += ",\"msg\":";
    append_quoted(out, msg);
    for (const auto& f : fields) {
      out += ',';
      append_quoted(out, f.key);
      out += ':';
      if (f.raw) {
        out += f.value;
      } else {
        append_quoted(out, f.value);
      }
    }
    out += '}';
  } else {
    out += "time=";
    out += time;
    out += " level=";
    out += level_name(level);
    out += " msg=";
    append_text_value(out, msg);
    for (const auto& f : fields) {
      out += ' ';
      out += f.key;
      out += '=';
      append_text_value(out, f.value);
    }
  }
  return out;
}

void write(Level level, std::string_view msg, Fields fields) {
  if (!enabled(level)) return;
  sink().info(format_record(g_format.load(std::memory_order_relaxed), now_text(), level, msg, fields));
}

}  // namespace dexcc::log
