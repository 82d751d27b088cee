// Go's net/url shouldEscape, unescape and escape for the URL parts the parser handles.
#include "base/url_escape.h"

#include "base/text.h"

namespace dexcc::base {
namespace {

bool is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool in_host(UrlPart part) {
  return part == UrlPart::kHost || part == UrlPart::kZone;
}

std::unexpected<Error> escape_error(std::string_view escape) {
  return fail("invalid URL escape " + go_quote(escape));
}

}  // namespace

bool url_should_escape(unsigned char c, UrlPart part) {
  if (is_alnum(c)) return false;
  auto one_of = [c](std::string_view set) {
    return set.find(static_cast<char>(c)) != std::string_view::npos;
  };
  // RFC 3986 §3.2.2 sub-delims, plus ':' and brackets for "[v6]:port", plus < > " which Go lets
  // through because escaping them would make the host unparseable (hosts escape only non-ASCII).
  if (in_host(part) && one_of("!$&'()*+,;=:[]<>\"")) return false;
  if (one_of("-_.~")) return false;  // unreserved marks
  if (one_of("$&+,/:;=?@")) {        // reserved: each part lets a different few through
    switch (part) {
      case UrlPart::kPath:
        return c == '?';
      case UrlPart::kUserinfo:
        return c == '@' || c == '/' || c == '?' || c == ':';
      case UrlPart::kFragment:
        return false;
      case UrlPart::kHost:
      case UrlPart::kZone:
        return true;
    }
  }
  // Sub-delims Go leaves alone in fragments only.
  return !(part == UrlPart::kFragment && one_of("!()*"));
}

Result<std::string> url_unescape(std::string_view s, UrlPart part) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != '%') {
      if (in_host(part) && c < 0x80 && url_should_escape(c, part)) {
        return fail("invalid character " + go_quote(s.substr(i, 1)) + " in host name");
      }
      out += static_cast<char>(c);
      continue;
    }
    std::string_view escape = s.substr(i, 3);
    if (escape.size() < 3 || hex_digit_value(escape[1]) < 0 || hex_digit_value(escape[2]) < 0) {
      return escape_error(escape);
    }
    auto byte = static_cast<unsigned char>(hex_digit_value(escape[1]) * 16 + hex_digit_value(escape[2]));
    // RFC 3986 lets a host escape only non-ASCII bytes; RFC 6874 adds "%25", which starts an IPv6
    // zone. A zone may escape what a host could hold unescaped, and a space (Windows zone names).
    if (part == UrlPart::kHost && byte < 0x80 && escape != "%25") return escape_error(escape);
    if (part == UrlPart::kZone && escape != "%25" && byte != ' ' && url_should_escape(byte, UrlPart::kHost)) {
      return escape_error(escape);
    }
    out += static_cast<char>(byte);
    i += 2;
  }
  return out;
}

std::string url_escape(std::string_view s, UrlPart part) {
  constexpr char kHexDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (url_should_escape(c, part)) {
      out += '%';
      out += kHexDigits[c >> 4];
      out += kHexDigits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace dexcc::base
