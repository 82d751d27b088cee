// RFC 4515 filter value and RFC 4514 DN value escaping.
#include "connector/ldap/escape.h"

#include "base/text.h"

namespace dexcc::connector::ldap {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, unsigned char c) {
  out += '\\';
  out += kHex[c >> 4];
  out += kHex[c & 0x0f];
}

bool filter_special(unsigned char c) {
  return c == '*' || c == '(' || c == ')' || c == '\\' || c == 0 || c >= 0x80;
}

}  // namespace

std::string escape_filter_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (filter_special(c)) {
      append_hex(out, c);
    } else {
      out += ch;
    }
  }
  return out;
}

std::optional<std::string> unescape_filter_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '*' || c == '(' || c == ')' || c == 0) return std::nullopt;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 2 >= value.size()) return std::nullopt;
    int hi = base::hex_digit_value(value[i + 1]);
    int lo = base::hex_digit_value(value[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string escape_dn_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool escape = c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\' ||
                  c == '=' || (i == 0 && (c == ' ' || c == '#')) || (i + 1 == value.size() && c == ' ');
    if (c == 0) {
      append_hex(out, 0);
    } else if (escape) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace dexcc::connector::ldap
