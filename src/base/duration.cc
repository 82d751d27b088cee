// Go duration syntax, reproduced from the rules of Go's time.ParseDuration and Duration.String.
#include "base/duration.h"

#include <cmath>
#include <cstdint>
#include <limits>

namespace dexcc::base {
namespace {

struct Unit {
  std::string_view name;
  uint64_t nanos;
};
constexpr Unit kUnits[] = {
    {"ns", 1},
    {"us", 1000},
    {"\xC2\xB5s", 1000},  // U+00B5 micro sign
    {"\xCE\xBCs", 1000},  // U+03BC Greek mu
    {"ms", 1000000},
    {"s", 1000000000},
    {"m", 60ull * 1000000000},
    {"h", 3600ull * 1000000000},
};

}  // namespace

std::optional<std::chrono::nanoseconds> parse_go_duration(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return std::nullopt;
  const uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t total = 0;
  while (!s.empty()) {
    // Integer part.
    uint64_t whole = 0;
    size_t i = 0;
    bool any_digits = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (whole > (kMax - (s[i] - '0')) / 10) return std::nullopt;  // overflow
      whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
      ++i;
      any_digits = true;
    }
    // Fractional part: kept as digits scaled by a power of ten.
    uint64_t frac = 0, scale = 1;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        any_digits = true;
        if (scale <= kMax / 10 && frac <= (kMax - 9) / 10) {  // extra digits are dropped, as Go does
          frac = frac * 10 + static_cast<uint64_t>(s[i] - '0');
          scale *= 10;
        }
        ++i;
      }
    }
    if (!any_digits) return std::nullopt;
    s.remove_prefix(i);
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !(s[u] >= '0' && s[u] <= '9')) ++u;
    if (u == 0) return std::nullopt;  // missing unit
    std::string_view unit_name = s.substr(0, u);
    s.remove_prefix(u);
    const Unit* unit = nullptr;
    for (const auto& candidate : kUnits) {
      if (candidate.name == unit_name) unit = &candidate;
    }
    if (!unit) return std::nullopt;
    if (whole > kMax / unit->nanos) return std::nullopt;
    uint64_t v = whole * unit->nanos;
    if (frac > 0) {
      // frac/scale * unit, computed in long double to avoid overflow; Go rounds down too.
      long double f = static_cast<long double>(frac) * static_cast<long double>(unit->nanos) /
                      static_cast<long double>(scale);
      v += static_cast<uint64_t>(f);
      if (v > kMax) return std::nullopt;
    }
    total += v;
    if (total > kMax) return std::nullopt;
  }
  int64_t signed_total = static_cast<int64_t>(total);
  return std::chrono::nanoseconds(neg ? -signed_total : signed_total);
}

std::string format_go_duration(std::chrono::nanoseconds d) {
  int64_t n = d.count();
  if (n == 0) return "0s";
  bool neg = n < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
  auto frac_str = [](uint64_t v, int digits) {
    // Prints v / 10^digits with trailing zeros (and a lone '.') removed.
    std::string whole = std::to_string(v / static_cast<uint64_t>(std::pow(10, digits)));
    uint64_t rem = v % static_cast<uint64_t>(std::pow(10, digits));
    if (rem == 0) return whole;
    std::string f = std::to_string(rem);
    f = std::string(static_cast<size_t>(digits) - f.size(), '0') + f;
    while (!f.empty() && f.back() == '0') f.pop_back();
    return whole + "." + f;
  };
  std::string out;
  if (u < 1000000000ull) {
    if (u < 1000) {
      out = std::to_string(u) + "ns";
    } else if (u < 1000000) {
      out = frac_str(u, 3) + "\xC2\xB5s";
    } else {
      out = frac_str(u, 6) + "ms";
    }
  } else {
    uint64_t secs_ns = u % 60000000000ull;
    uint64_t mins = u / 60000000000ull;
    uint64_t hours = mins / 60;
    mins %= 60;
    out = frac_str(secs_ns, 9) + "s";
    if (hours > 0 || mins > 0 || u >= 60000000000ull) out = std::to_string(mins) + "m" + out;
    if (hours > 0) out = std::to_string(hours) + "h" + out;
  }
  return neg ? "-" + out : out;
}

}  // namespace dexcc::base
