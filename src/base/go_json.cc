// Go encoding/json's compact output: its string escaping and number formatting over nlohmann values.
#include "base/go_json.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdint>

#include "base/text.h"

namespace dexcc::base {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Close to encoding/json's float64 output (shortest digits; exponent outside [1e-6, 1e21)). dex
// stores no floats; this only keeps arbitrary JSON (connector configs) printable.
std::string go_float(double d) {
  if (!std::isfinite(d)) return "null";  // Go refuses to encode these; never stored by dex
  double a = std::fabs(d);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    // Shortest digits, then Go's exponent form: "e-07" becomes "e-7".
    std::string s = fmt::format("{}", d);
    auto e = s.find('e');
    if (e != std::string::npos && e + 2 < s.size() && s[e + 2] == '0') s.erase(e + 2, 1);
    return s;
  }
  if (std::floor(d) == d && a < 1e15) return fmt::format("{}", static_cast<long long>(d));
  return fmt::format("{}", d);
}

template <class Json>
void dump(std::string& out, const Json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      out += "null";
      break;
    case nlohmann::json::value_t::boolean:
      out += v.template get<bool>() ? "true" : "false";
      break;
    case nlohmann::json::value_t::number_integer:
      out += std::to_string(v.template get<int64_t>());
      break;
    case nlohmann::json::value_t::number_unsigned:
      out += std::to_string(v.template get<uint64_t>());
      break;
    case nlohmann::json::value_t::number_float:
      out += go_float(v.template get<double>());
      break;
    case nlohmann::json::value_t::string:
      append_go_json_string(out, v.template get_ref<const std::string&>());
      break;
    case nlohmann::json::value_t::binary:
      out += "null";
      break;
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v) {
        if (!first) out += ',';
        first = false;
        dump(out, e);
      }
      out += ']';
      break;
    }
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ',';
        first = false;
        append_go_json_string(out, it.key());
        out += ':';
        dump(out, it.value());
      }
      out += '}';
      break;
    }
  }
}

// Printable ASCII that Go's encoder writes as is (it escapes '<', '>' and '&' for HTML safety).
// A table: token responses are mostly long JWTs, scanned byte by byte.
constexpr std::array<bool, 256> kPlainAscii = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
  return t;
}();
bool is_plain_ascii(unsigned char c) { return kPlainAscii[c]; }

}  // namespace

void append_go_json_string(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Runs of ASCII that needs no escape (a whole token, most of any text) are copied at once.
    size_t plain = i;
    while (plain < s.size() && is_plain_ascii(static_cast<unsigned char>(s[plain]))) ++plain;
    if (plain > i) {
      out.append(s.data() + i, plain - i);
      i = plain;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t n = decode_utf8(s, i, cp);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (cp == 0x2028 || cp == 0x2029) {
      out += cp == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  out += '"';
}

std::string go_json_string(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_go_json_string(out, s);
  return out;
}

std::string go_json_dump(const nlohmann::json& value) {
  std::string out;
  dump(out, value);
  return out;
}

std::string go_json_dump(const nlohmann::ordered_json& value) {
  std::string out;
  dump(out, value);
  return out;
}

}  // namespace dexcc::base
