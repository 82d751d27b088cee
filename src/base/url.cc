// Go's url.Parse step by step: fragment, control bytes, scheme, query, authority (userinfo, host,
// port), path; each check in Go's order, so the first error is the one Go reports.
#include "base/url.h"

#include <algorithm>

#include "base/net_address.h"
#include "base/text.h"
#include "base/url_escape.h"

namespace dexcc::base {
namespace {

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "" or ":" followed by digits only: Go's validOptionalPort. No range check ("http://h:99999/"
// parses), and no sign or space.
bool valid_optional_port(std::string_view colon_port) {
  if (colon_port.empty()) return true;
  if (colon_port[0] != ':') return false;
  return std::all_of(colon_port.begin() + 1, colon_port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::unexpected<Error> invalid_port(std::string_view colon_port) {
  return fail("invalid port " + go_quote(colon_port) + " after host");
}

// RFC 3986 §3.2.1 userinfo characters, plus '@' (Go accepts "user:p@ss@host"). Everything else,
// notably '\', '/', space, brackets and any byte >= 0x80, makes the URL invalid.
bool valid_userinfo(std::string_view s) {
  constexpr std::string_view kAllowed = "-._:~!$&'()*+,;=%@";
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return is_letter(c) || (c >= '0' && c <= '9') || kAllowed.find(c) != std::string_view::npos;
  });
}

// A "[...]" host literal, possibly with ":port" after the ']': Go accepts only an IPv6 address
// there (an IPv4-mapped one included), with an optional zone introduced by "%25".
Result<std::string> parse_ip_literal_host(std::string_view host) {
  size_t close = host.rfind(']');
  if (close == std::string_view::npos) return fail("missing ']' in host");
  std::string_view colon_port = host.substr(close + 1);
  if (!valid_optional_port(colon_port)) return invalid_port(colon_port);

  std::string_view literal = host.substr(1, close - 1);
  size_t zone_start = literal.find("%25");
  auto address = url_unescape(literal.substr(0, zone_start), UrlPart::kHost);
  if (!address) return address;
  if (zone_start != std::string_view::npos) {
    auto zone = url_unescape(literal.substr(zone_start), UrlPart::kZone);
    if (!zone) return zone;
    *address += *zone;
  }
  auto ip = parse_ip_address(*address);
  if (!ip) return fail("invalid host: " + ip.error().message);
  if (ip->written_as_ipv4) return fail("invalid IP-literal");  // "[127.0.0.1]"
  return "[" + *address + "]" + std::string(colon_port);
}

// Go's parseHost: host[:port] without userinfo.
Result<std::string> parse_host(std::string_view scheme, std::string_view host) {
  size_t open_bracket = host.rfind('[');
  if (open_bracket != std::string_view::npos && open_bracket > 0) return fail("invalid IP-literal");
  if (open_bracket == 0) return parse_ip_literal_host(host);
  if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    // A second ':' outside brackets ("http://localhost:1:2", "http://::1/") is an error for http
    // and https; other schemes keep Go's older reading, the port after the last ':'.
    if (scheme != "http" && scheme != "https") colon = host.rfind(':');
    std::string_view colon_port = host.substr(colon);
    if (!valid_optional_port(colon_port)) return invalid_port(colon_port);
  }
  return url_unescape(host, UrlPart::kHost);
}

Result<void> parse_authority(std::string_view authority, Url& url) {
  size_t at = authority.rfind('@');
  // The host is checked first: Go reports a bad host before a bad userinfo.
  auto host = parse_host(url.scheme, at == std::string_view::npos ? authority : authority.substr(at + 1));
  if (!host) return std::unexpected(host.error());
  url.host = std::move(*host);
  if (at == std::string_view::npos) return {};

  std::string_view userinfo = authority.substr(0, at);
  if (!valid_userinfo(userinfo)) return fail("net/url: invalid userinfo");
  UrlUserinfo user;
  size_t colon = userinfo.find(':');
  auto username = url_unescape(userinfo.substr(0, colon), UrlPart::kUserinfo);
  if (!username) return std::unexpected(username.error());
  user.username = std::move(*username);
  if (colon != std::string_view::npos) {
    auto password = url_unescape(userinfo.substr(colon + 1), UrlPart::kUserinfo);
    if (!password) return std::unexpected(password.error());
    user.password = std::move(*password);
    user.has_password = true;
  }
  url.user = std::move(user);
  return {};
}

// Go's setPath and setFragment: the decoded text, and the written form when the default encoding of
// the decoded text would differ from it.
Result<void> set_decoded(std::string_view written, UrlPart part, std::string& decoded, std::string& raw) {
  auto text = url_unescape(written, part);
  if (!text) return std::unexpected(text.error());
  decoded = std::move(*text);
  raw = url_escape(decoded, part) == written ? std::string() : std::string(written);
  return {};
}

// Go's validEncoded: `s` holds no byte the part would escape, RFC 3986 pchars and brackets aside.
bool valid_encoded(std::string_view s, UrlPart part) {
  constexpr std::string_view kAlwaysAllowed = "!$&'()*+,;=:@[]%";
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return kAlwaysAllowed.find(c) != std::string_view::npos ||
           !url_should_escape(static_cast<unsigned char>(c), part);
  });
}

// url.Parse without the fragment (Go's parse with viaRequest = false).
Result<Url> parse_before_fragment(std::string_view raw) {
  if (has_control_byte(raw)) return fail("net/url: invalid control character in URL");
  Url url;
  if (raw == "*") {
    url.path = "*";
    return url;
  }
  if (raw.starts_with(':')) return fail("missing protocol scheme");
  std::string_view scheme = url_scheme(raw);
  url.scheme = ascii_lower(scheme);
  std::string_view rest = scheme.empty() ? raw : raw.substr(scheme.size() + 1);

  if (rest.ends_with('?') && std::count(rest.begin(), rest.end(), '?') == 1) {
    url.force_query = true;
    rest.remove_suffix(1);
  } else if (size_t q = rest.find('?'); q != std::string_view::npos) {
    url.raw_query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }

  if (!rest.starts_with('/')) {
    if (!url.scheme.empty()) {  // "mailto:a@b", "urn:...": a rootless path is opaque
      url.opaque = std::string(rest);
      return url;
    }
    // RFC 3986 §3.3: a relative reference's first segment may not hold ':' ("cache_object:foo").
    if (rest.substr(0, rest.find('/')).find(':') != std::string_view::npos) {
      return fail("first path segment in URL cannot contain colon");
    }
  }

  if ((!url.scheme.empty() || !rest.starts_with("///")) && rest.starts_with("//")) {
    std::string_view authority = rest.substr(2);
    size_t slash = authority.find('/');
    rest = slash == std::string_view::npos ? std::string_view() : authority.substr(slash);
    if (auto parsed = parse_authority(authority.substr(0, slash), url); !parsed) {
      return std::unexpected(parsed.error());
    }
  } else if (!url.scheme.empty() && rest.starts_with('/')) {
    url.omit_host = true;
  }
  if (auto path = set_decoded(rest, UrlPart::kPath, url.path, url.raw_path); !path) {
    return std::unexpected(path.error());
  }
  return url;
}

}  // namespace

std::string Url::escaped_path() const {
  if (!raw_path.empty() && valid_encoded(raw_path, UrlPart::kPath)) {
    auto decoded = url_unescape(raw_path, UrlPart::kPath);
    if (decoded && *decoded == path) return raw_path;
  }
  if (path == "*") return path;
  return url_escape(path, UrlPart::kPath);
}

UrlPieces split_url(std::string_view url) {
  UrlPieces pieces;
  if (size_t hash = url.find('#'); hash != std::string_view::npos) {
    pieces.fragment = url.substr(hash + 1);
    url = url.substr(0, hash);
  }
  if (size_t q = url.find('?'); q != std::string_view::npos) {
    pieces.query = url.substr(q + 1);
    url = url.substr(0, q);
  }
  pieces.before_query = url;
  return pieces;
}

Result<Url> parse_url(std::string_view raw) {
  size_t hash = raw.find('#');
  auto url = parse_before_fragment(raw.substr(0, hash));
  if (!url || hash == std::string_view::npos || hash + 1 == raw.size()) return url;
  if (auto fragment = set_decoded(raw.substr(hash + 1), UrlPart::kFragment, url->fragment, url->raw_fragment);
      !fragment) {
    return std::unexpected(fragment.error());
  }
  return url;
}

std::string_view url_scheme(std::string_view raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (is_letter(c)) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) return {};
      continue;
    }
    return c == ':' ? raw.substr(0, i) : std::string_view();
  }
  return {};
}

bool has_control_byte(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7f;
  });
}

}  // namespace dexcc::base
