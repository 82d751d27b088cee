// Record formatting in slog's text and JSON shapes, each record one write(2) to stderr.
#include "base/log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
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

// Records are written through a cursor into room reserved for the longest text they could make: one
// capacity check per record instead of one per piece (std::string appends were most of an
// access-log line's cost, callgrind).
char* put(char* p, std::string_view s) {
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// The longest text a level can take: "ERROR" and an offset of up to eleven characters.
constexpr size_t kMaxLevelChars = 16;

char* put_level(char* p, Level level) {
  auto with_offset = [p](std::string_view base, int delta) {
    char* q = put(p, base);
    if (delta == 0) return q;
    if (delta > 0) *q++ = '+';
    return std::to_chars(q, q + 12, delta).ptr;
  };
  if (level < kInfo) return with_offset("DEBUG", level - kDebug);
  if (level < kWarn) return with_offset("INFO", level - kInfo);
  if (level < kError) return with_offset("WARN", level - kWarn);
  return with_offset("ERROR", level - kError);
}

// Eight bytes are tested at once with the bit tricks of "Bit Twiddling Hacks" (haszero, hasless):
// a word tests non-zero exactly when one of its bytes is flagged. Log values are mostly plain, so
// most words pass in a few instructions instead of a table lookup and branch per byte.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = kOnes * 0x80;
constexpr uint64_t bytes_below(uint64_t w, uint8_t n) { return (w - kOnes * n) & ~w & kHighs; }
constexpr uint64_t bytes_equal(uint64_t w, uint8_t c) { return bytes_below(w ^ (kOnes * c), 1); }

using ByteSet = std::array<bool, 256>;

// The position of the first byte of `v` at or after `from` that is in `flagged`, or v.size().
// `word_has_flagged` must be non-zero for every eight-byte word holding one. The bytes after the
// last whole word are tested as one more word (the last eight bytes again, or the few there are
// padded with a plain letter), so only a word that holds a flagged byte is looked at byte by byte.
template <class WordTest>
size_t first_flagged(std::string_view v, size_t from, const ByteSet& flagged, WordTest word_has_flagged) {
  const size_t n = v.size();
  size_t i = from;
  bool found = false;
  for (; i + 8 <= n && !found; i += 8) {
    uint64_t w;
    std::memcpy(&w, v.data() + i, 8);
    found = word_has_flagged(w) != 0;
  }
  if (found) {
    i -= 8;
  } else if (i < n) {
    uint64_t w = kOnes * 'a';
    if (n >= 8) {
      std::memcpy(&w, v.data() + n - 8, 8);
    } else {
      std::memcpy(&w, v.data() + i, n - i);
    }
    if (word_has_flagged(w) == 0) return n;
  }
  for (; i < n; ++i) {
    if (flagged[static_cast<unsigned char>(v[i])]) return i;
  }
  return n;
}

// slog's text handler quotes a value when it is empty or holds spaces, '=', '"' or control bytes.
constexpr ByteSet kQuoteTriggers = [] {
  ByteSet t{};
  for (int c = 0; c <= ' '; ++c) t[c] = true;
  t['='] = t['"'] = t[0x7f] = true;
  return t;
}();
constexpr uint64_t quote_trigger_bytes(uint64_t w) {
  return bytes_below(w, ' ' + 1) | bytes_equal(w, '=') | bytes_equal(w, '"') | bytes_equal(w, 0x7f);
}

// Bytes a quoted string escapes: controls, DEL, '"' and '\'.
constexpr ByteSet kEscaped = [] {
  ByteSet t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = t[0x7f] = true;
  return t;
}();
constexpr uint64_t escaped_bytes(uint64_t w) {
  return bytes_below(w, 0x20) | bytes_equal(w, '"') | bytes_equal(w, '\\') | bytes_equal(w, 0x7f);
}

bool needs_quoting(std::string_view v) {
  return v.empty() || first_flagged(v, 0, kQuoteTriggers, quote_trigger_bytes) != v.size();
}

// At most six characters per byte ("\u00xx") and the two quotes.
constexpr size_t quoted_bound(std::string_view v) { return 6 * v.size() + 2; }

// Runs of characters that need no escape are copied at once.
char* put_quoted(char* p, std::string_view v) {
  *p++ = '"';
  size_t run = 0;
  while (run < v.size()) {
    size_t i = first_flagged(v, run, kEscaped, escaped_bytes);
    p = put(p, v.substr(run, i - run));
    if (i == v.size()) break;
    auto c = static_cast<unsigned char>(v[i]);
    *p++ = '\\';
    switch (c) {
      case '"': *p++ = '"'; break;
      case '\\': *p++ = '\\'; break;
      case '\n': *p++ = 'n'; break;
      case '\r': *p++ = 'r'; break;
      case '\t': *p++ = 't'; break;
      default: {
        constexpr std::string_view kHex = "0123456789abcdef";
        p = put(p, "u00");
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 15];
      }
    }
    run = i + 1;
  }
  *p++ = '"';
  return p;
}

char* put_text_value(char* p, std::string_view v) { return needs_quoting(v) ? put_quoted(p, v) : put(p, v); }

char* put_record(char* p, Format format, std::string_view time, Level level, std::string_view msg, Fields fields) {
  if (format == Format::kJson) {
    p = put(p, "{\"time\":");
    p = put_quoted(p, time);
    p = put(p, ",\"level\":\"");
    p = put_level(p, level);
    p = put(p, "\",\"msg\":");
    p = put_quoted(p, msg);
    for (const auto& f : fields) {
      *p++ = ',';
      p = put_quoted(p, f.key);
      *p++ = ':';
      p = f.raw ? put(p, f.value) : put_quoted(p, f.value);
    }
    *p++ = '}';
    return p;
  }
  p = put(p, "time=");
  p = put(p, time);
  p = put(p, " level=");
  p = put_level(p, level);
  p = put(p, " msg=");
  p = put_text_value(p, msg);
  for (const auto& f : fields) {
    *p++ = ' ';
    p = put(p, f.key);
    *p++ = '=';
    p = f.raw ? put(p, f.value) : put_text_value(p, f.value);  // a number or boolean: never quoted
  }
  return p;
}

// Room for the longest record these parts can make, in either format.
size_t record_bound(std::string_view time, std::string_view msg, Fields fields) {
  size_t n = 32 + quoted_bound(time) + kMaxLevelChars + quoted_bound(msg);
  for (const auto& f : fields) n += 2 + quoted_bound(f.key) + quoted_bound(f.value);
  return n + 1;  // the closing brace
}

void append_record(std::string& out, Format format, std::string_view time, Level level, std::string_view msg,
                   Fields fields) {
  size_t start = out.size();
  out.resize_and_overwrite(start + record_bound(time, msg, fields), [&](char* data, size_t) {
    return static_cast<size_t>(put_record(data + start, format, time, level, msg, fields) - data);
  });
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
