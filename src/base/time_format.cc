// Formatting and parsing of the timestamp layouts dex stores, in UTC, with nanosecond precision.
#include "base/time_format.h"

#include <fmt/format.h>

#include <chrono>

namespace dexcc::base {
namespace {

using namespace std::chrono;

std::string trimmed_fraction(long long nanos) {
  if (nanos == 0) return "";
  std::string f = fmt::format("{:09d}", nanos);
  while (!f.empty() && f.back() == '0') f.pop_back();
  return "." + f;
}

char* put_digits(char* p, long long v, int width) {
  for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
  return p + width;
}

std::string format_with(Time t, char sep, std::string_view zone) {
  auto day = floor<days>(t);
  year_month_day ymd{sys_days(day)};
  auto tod = t - day;
  auto h = duration_cast<hours>(tod);
  auto m = duration_cast<minutes>(tod - h);
  auto s = duration_cast<seconds>(tod - h - m);
  auto ns = duration_cast<nanoseconds>(tod - h - m - s).count();
  int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {  // years Go writes with a sign or a fifth digit; never on a hot path
    return fmt::format("{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}{}{}", y, static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()), sep, h.count(), m.count(), s.count(), trimmed_fraction(ns),
                       zone);
  }
  // Written digit by digit: every stored refresh reference and timestamp column goes through here,
  // and fmt's format-string parsing cost ~2k instructions per time.
  char buf[32];
  char* p = put_digits(buf, y, 4);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = sep;
  p = put_digits(p, h.count(), 2);
  *p++ = ':';
  p = put_digits(p, m.count(), 2);
  *p++ = ':';
  p = put_digits(p, s.count(), 2);
  if (ns != 0) {
    *p++ = '.';
    p = put_digits(p, ns, 9);
    while (p[-1] == '0') --p;
  }
  std::string out(buf, p);
  out += zone;
  return out;
}

bool read_int(std::string_view& s, size_t n, int& out) {
  if (s.size() < n) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  s.remove_prefix(n);
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

// Parses "YYYY-MM-DD" then optionally [T| ]hh:mm:ss[.fraction][Z|±hh:mm]. When require_time is set,
// the time part must be there.
std::optional<Time> parse_layout(std::string_view s, bool require_time, bool require_zone) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!read_int(s, 4, y) || !expect(s, '-') || !read_int(s, 2, mo) || !expect(s, '-') || !read_int(s, 2, d))
    return std::nullopt;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  long long nanos = 0;
  int offset_minutes = 0;
  if (s.empty()) {
    if (require_time) return std::nullopt;
  } else {
    if (s[0] != 'T' && s[0] != 't' && s[0] != ' ') return std::nullopt;
    s.remove_prefix(1);
    if (!read_int(s, 2, h) || !expect(s, ':') || !read_int(s, 2, mi) || !expect(s, ':') || !read_int(s, 2, se))
      return std::nullopt;
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t digits = 0;
      while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
        if (digits < 9) nanos = nanos * 10 + (s[0] - '0');
        ++digits;
        s.remove_prefix(1);
      }
      if (digits == 0) return std::nullopt;
      for (size_t i = digits; i < 9; ++i) nanos *= 10;
    }
    if (s.empty()) {
      if (require_zone) return std::nullopt;
    } else if (s[0] == 'Z' || s[0] == 'z') {
      s.remove_prefix(1);
    } else if (s[0] == '+' || s[0] == '-') {
      int sign = s[0] == '-' ? -1 : 1;
      s.remove_prefix(1);
      int oh, om;
      if (!read_int(s, 2, oh) || !expect(s, ':') || !read_int(s, 2, om)) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
    if (!s.empty()) return std::nullopt;
  }
  Time t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(se) + duration_cast<Duration>(nanoseconds(nanos));
  return t - minutes(offset_minutes);
}

}  // namespace

std::string format_rfc3339_nano(Time t) { return format_with(t, 'T', "Z"); }

std::optional<Time> parse_rfc3339(std::string_view text) { return parse_layout(text, true, true); }

std::string format_sqlite_time(Time t) { return format_with(t, ' ', "+00:00"); }

std::optional<Time> parse_sqlite_time(std::string_view text) {
  // go-sqlite3 trims a trailing "Z" and accepts zone-less text as UTC.
  return parse_layout(text, false, false);
}

Time go_zero_time() { return sys_days(year(1) / January / day(1)); }

}  // namespace dexcc::base
