// Record formatting in slog's text and JSON shapes, each record one write(2) to stderr.
#include "base/log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
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
// 4 KiB), so lines from the I/O threads never interleave. (spdlog's stderr sink took a mutex around
// fwrite and fflush, and the I/O threads queued on it for every access-log line; its logger also
// copied each record once more on the way to the sink.)
void write_all(std::string_view line) {
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

// Records of a thread that batches them (see ThreadLineBatch), whole lines only.
struct Batch {
  std::function<void()> schedule_flush;
  std::string lines;
};
thread_local Batch* t_batch = nullptr;

// Lines in one write(2) stay whole even when stderr is a pipe shared with other writers.
constexpr size_t kMaxBatchBytes = 4096;

void write_line(std::string_view line) {
  Batch* batch = t_batch;
  if (!batch) return write_all(line);
  if (batch->lines.size() + line.size() > kMaxBatchBytes && !batch->lines.empty()) {
    write_all(batch->lines);
    batch->lines.clear();
  }
  if (line.size() >= kMaxBatchBytes) return write_all(line);
  bool first = batch->lines.empty();
  batch->lines += line;
  if (first) batch->schedule_flush();
}

void append_level(std::string& out, Level level) {
  auto with_offset = [&out](std::string_view base, int delta) {
    out += base;
    if (delta != 0) fmt::format_to(std::back_inserter(out), "{:+d}", delta);
  };
  if (level < kInfo) return with_offset("DEBUG", level - kDebug);
  if (level < kWarn) return with_offset("INFO", level - kInfo);
  if (level < kError) return with_offset("WARN", level - kWarn);
  return with_offset("ERROR", level - kError);
}

// slog's text handler quotes a value when it is empty or holds spaces, '=', '"' or control bytes.
constexpr auto kQuoteTriggers = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c <= ' '; ++c) t[c] = true;
  t['='] = t['"'] = t[0x7f] = true;
  return t;
}();

bool needs_quoting(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (kQuoteTriggers[c]) return true;
  }
  return false;
}

// Runs of characters that need no escape are copied at once.
void append_quoted(std::string& out, std::string_view v) {
  out += '"';
  size_t run = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\') continue;
    out.append(v, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
  }
  out.append(v, run);
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
void append_now(std::string& out) {
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached_prefix;
  auto now = std::chrono::system_clock::now();
  std::time_t second = std::chrono::system_clock::to_time_t(now);
  if (second != cached_second) {
    cached_prefix = fmt::format("{:%Y-%m-%dT%H:%M:%S}.", fmt::gmtime(second));
    cached_second = second;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  out += cached_prefix;
  out += static_cast<char>('0' + ms / 100);
  out += static_cast<char>('0' + ms / 10 % 10);
  out += static_cast<char>('0' + ms % 10);
  out += 'Z';
}

void append_record(std::string& out, Format format, std::string_view time, Level level, std::string_view msg,
                   Fields fields) {
  if (format == Format::kJson) {
    out += "{\"time\":";
    append_quoted(out, time);
    out += ",\"level\":\"";
    append_level(out, level);
    out += "\",\"msg\":";
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
    append_level(out, level);
    out += " msg=";
    append_text_value(out, msg);
    for (const auto& f : fields) {
      out += ' ';
      out += f.key;
      out += '=';
      append_text_value(out, f.value);
    }
  }
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

ThreadLineBatch::ThreadLineBatch(std::function<void()> schedule_flush) {
  t_batch = new Batch{std::move(schedule_flush), {}};
  t_batch->lines.reserve(kMaxBatchBytes);
}

ThreadLineBatch::~ThreadLineBatch() {
  flush_thread_lines();
  delete t_batch;
  t_batch = nullptr;
}

void flush_thread_lines() {
  Batch* batch = t_batch;
  if (!batch || batch->lines.empty()) return;
  write_all(batch->lines);
  batch->lines.clear();
}

std::string format_record(Format format, std::string_view time, Level level, std::string_view msg,
                          Fields fields) {
  std::string out;
  append_record(out, format, time, level, msg, fields);
  return out;
}

// The line is built in a buffer each thread keeps, so a record allocates nothing once it is warm.
void write(Level level, std::string_view msg, Fields fields) {
  if (!enabled(level)) return;
  thread_local std::string line;
  thread_local std::string time;
  line.clear();
  time.clear();
  append_now(time);
  append_record(line, g_format.load(std::memory_order_relaxed), time, level, msg, fields);
  line += '\n';
  write_line(line);
  if (line.capacity() > 64 * 1024) std::string().swap(line);  // one huge record must not stay resident
}

}  // namespace dexcc::log
