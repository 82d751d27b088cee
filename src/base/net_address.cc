// Go's netip.ParseAddr and net.SplitHostPort, written from their documented and observed behaviour.
#include "base/net_address.h"

#include <algorithm>

#include "base/text.h"

namespace dexcc::base {
namespace {

constexpr std::array<uint8_t, 12> kIpv4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// netip's parseAddrError text: ParseAddr("in"): why (at "rest").
std::unexpected<Error> addr_error(std::string_view in, std::string_view why, std::string_view at = {}) {
  std::string message = "ParseAddr(" + go_quote(in) + "): " + std::string(why);
  if (!at.empty()) message += " (at " + go_quote(at) + ")";
  return fail(std::move(message));
}

// Four dotted decimal fields of in[begin, end) into out[0..3]. `in` is the whole text being parsed,
// which Go names in its errors even when the IPv4 part is the tail of an IPv6 address.
Result<void> parse_ipv4_fields(std::string_view in, size_t begin, size_t end, uint8_t* out) {
  std::string_view s = in.substr(begin, end - begin);
  int value = 0, fields_done = 0, digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits == 1 && value == 0) return addr_error(in, "IPv4 field has octet with leading zero");
      value = value * 10 + (c - '0');
      ++digits;
      if (value > 255) return addr_error(in, "IPv4 field has value >255");
    } else if (c == '.') {
      if (i == 0 || i == s.size() - 1 || s[i - 1] == '.') {
        return addr_error(in, "IPv4 field must have at least one digit", s.substr(i));
      }
      if (fields_done == 3) return addr_error(in, "IPv4 address too long");
      out[fields_done++] = static_cast<uint8_t>(value);
      value = 0;
      digits = 0;
    } else {
      return addr_error(in, "unexpected character", s.substr(i));
    }
  }
  if (fields_done < 3) return addr_error(in, "IPv4 address too short");
  out[3] = static_cast<uint8_t>(value);
  return {};
}

Result<IpAddress> parse_ipv4(std::string_view in) {
  IpAddress addr;
  std::copy(kIpv4MappedPrefix.begin(), kIpv4MappedPrefix.end(), addr.bytes.begin());
  if (auto fields = parse_ipv4_fields(in, 0, in.size(), addr.bytes.data() + 12); !fields) {
    return std::unexpected(fields.error());
  }
  addr.written_as_ipv4 = true;
  return addr;
}

Result<IpAddress> parse_ipv6(std::string_view in) {
  IpAddress addr;
  std::string_view s = in;
  if (size_t percent = s.find('%'); percent != std::string_view::npos) {
    addr.zone = std::string(s.substr(percent + 1));
    s = s.substr(0, percent);
    if (addr.zone.empty()) return addr_error(in, "zone must be a non-empty string");
  }
  auto& ip = addr.bytes;
  int ellipsis = -1;  // where "::" stands, in bytes
  if (s.starts_with("::")) {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return addr;  // "::", the unspecified address
  }
  int i = 0;
  while (i < 16) {
    size_t digits = 0;
    uint32_t group = 0;
    for (; digits < s.size(); ++digits) {
      int v = hex_digit_value(s[digits]);
      if (v < 0) break;
      if (digits > 3) return addr_error(in, "each group must have 4 or less digits", s);
      group = group * 16 + static_cast<uint32_t>(v);
    }
    if (digits == 0) return addr_error(in, "each colon-separated field must have at least one digit", s);

    if (digits < s.size() && s[digits] == '.') {  // an IPv4 tail: "::ffff:127.0.0.1"
      if (ellipsis < 0 && i != 12) {
        return addr_error(in, "embedded IPv4 address must replace the final 2 fields of the address", s);
      }
      if (i + 4 > 16) {
        return addr_error(in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
      }
      size_t end = in.size() - (addr.zone.empty() ? 0 : addr.zone.size() + 1);
      if (auto tail = parse_ipv4_fields(in, end - s.size(), end, ip.data() + i); !tail) {
        return std::unexpected(tail.error());
      }
      s = {};
      i += 4;
      break;
    }

    ip[i] = static_cast<uint8_t>(group >> 8);
    ip[i + 1] = static_cast<uint8_t>(group);
    i += 2;
    s.remove_prefix(digits);
    if (s.empty()) break;
    if (s[0] != ':') return addr_error(in, "unexpected character, want colon", s);
    if (s.size() == 1) return addr_error(in, "colon must be followed by more characters", s);
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return addr_error(in, "multiple :: in address", s);
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return addr_error(in, "trailing garbage after address", s);

  if (i < 16) {
    if (ellipsis < 0) return addr_error(in, "address string too short");
    // Move the groups after "::" to the end; the gap becomes zeros.
    int gap = 16 - i;
    std::copy_backward(ip.begin() + ellipsis, ip.begin() + i, ip.begin() + i + gap);
    std::fill(ip.begin() + ellipsis, ip.begin() + ellipsis + gap, 0);
  } else if (ellipsis >= 0) {
    return addr_error(in, "the :: must expand to at least one field of zeros");
  }
  return addr;
}

}  // namespace

bool IpAddress::is_loopback() const {
  if (std::equal(kIpv4MappedPrefix.begin(), kIpv4MappedPrefix.end(), bytes.begin())) return bytes[12] == 127;
  constexpr std::array<uint8_t, 16> kIpv6Loopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return bytes == kIpv6Loopback;
}

Result<IpAddress> parse_ip_address(std::string_view text) {
  // The first '.', ':' or '%' decides which kind of address the text is meant to be.
  for (char c : text) {
    if (c == '.') return parse_ipv4(text);
    if (c == ':') return parse_ipv6(text);
    if (c == '%') return addr_error(text, "missing IPv6 address");
  }
  return addr_error(text, "unable to parse IP");
}

bool is_loopback_ip_literal(std::string_view text) {
  auto addr = parse_ip_address(text);
  return addr && addr->zone.empty() && addr->is_loopback();
}

Result<HostPort> split_host_port(std::string_view hostport) {
  auto addr_failure = [&](std::string_view why) {
    return fail("address " + std::string(hostport) + ": " + std::string(why));
  };
  size_t last_colon = hostport.rfind(':');
  if (last_colon == std::string_view::npos) return addr_failure("missing port in address");

  HostPort out;
  size_t no_open_bracket_from = 0, no_close_bracket_from = 0;
  if (hostport[0] == '[') {
    size_t close = hostport.find(']');
    if (close == std::string_view::npos) return addr_failure("missing ']' in address");
    if (close + 1 == hostport.size()) return addr_failure("missing port in address");
    if (close + 1 != last_colon) {
      // ']' is not followed by the last ':' ("[::1]x:80" or "[::1]:80:90").
      return addr_failure(hostport[close + 1] == ':' ? "too many colons in address"
                                                     : "missing port in address");
    }
    out.host = hostport.substr(1, close - 1);
    no_open_bracket_from = 1;
    no_close_bracket_from = close + 1;
  } else {
    out.host = hostport.substr(0, last_colon);
    if (out.host.find(':') != std::string_view::npos) return addr_failure("too many colons in address");
  }
  if (hostport.find('[', no_open_bracket_from) != std::string_view::npos) {
    return addr_failure("unexpected '[' in address");
  }
  if (hostport.find(']', no_close_bracket_from) != std::string_view::npos) {
    return addr_failure("unexpected ']' in address");
  }
  out.port = hostport.substr(last_colon + 1);
  return out;
}

}  // namespace dexcc::base
