// URL parsing with Go's net/url.Parse rules (Go 1.26), so dexcc accepts and refuses the URLs dex does.
//
// dex decides with url.Parse whether a redirect URI is a loopback one, and newer dex whether a
// "back" link stays on the site. A parser that reads a URL differently from Go (or from a browser)
// lets a URL through that Go would refuse: "http://evil.example\@127.0.0.1/" is an error for Go,
// while browsers read '\' as '/' and go to evil.example. So this reproduces Go's outcome (success or
// error, and every part) rather than RFC 3986 or WHATWG; tests pin the answers real Go gives.
// It follows Go 1.26, with Go's 2025-26 host fixes; a dex built with an older Go also accepted
// bracketed non-IPv6 hosts ("http://[127.0.0.1]:80/") and extra colons ("http://h:1:2/").
// Pure: no I/O, no global state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace dexcc::base {

// Go's Userinfo: what precedes the last '@' of the authority, percent-decoded.
struct UrlUserinfo {
  std::string username;
  std::string password;
  bool has_password = false;  // "user:@host" has an empty password; "user@host" has none
};

// Go's url.URL, field for field: [scheme:][//[userinfo@]host][/]path[?query][#fragment], or
// scheme:opaque[?query][#fragment] when nothing follows the scheme's ':' but a rootless path.
struct Url {
  std::string scheme;  // lower-cased ("HTTP://x" -> "http")
  std::string opaque;  // "urn:ietf:wg:oauth:2.0:oob" -> "ietf:wg:oauth:2.0:oob"
  std::optional<UrlUserinfo> user;
  std::string host;          // host[:port], decoded; "[v6]" keeps its brackets
  std::string path;          // decoded ("/a%2Fb" -> "/a/b")
  std::string raw_path;      // the path as written, only when it differs from escape(path)
  std::string raw_query;     // as written, without '?'
  std::string fragment;      // decoded, without '#'
  std::string raw_fragment;  // the fragment as written, only when it differs from escape(fragment)
  bool force_query = false;  // the URL ends in a '?' with nothing after it
  bool omit_host = false;    // "scheme:/path": a scheme, no authority, a rooted path

  // Go's EscapedPath: raw_path when it is a valid encoding of path, else path escaped.
  std::string escaped_path() const;
};

// The split url.Parse starts from: the fragment after the first '#', then the query after the first
// '?' of what precedes it. Code that adds parameters to a URL splits it with this, so it agrees with
// the parser about where each part starts.
struct UrlPieces {
  std::string_view before_query;  // scheme, authority and path, as written
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};
UrlPieces split_url(std::string_view url);

// Go's url.Parse, with Go's error texts ("net/url: invalid userinfo", "invalid port \":x\" after
// host", ...), without Go's `parse "<url>": ` prefix. Among what it refuses: ASCII control bytes
// before the fragment; userinfo holding anything but letters, digits and -._:~!$&'()*+,;=%@ (so a
// '\' or a space); a port that is not all digits; a host with a byte a host may not hold, an
// escape of an ASCII byte other than "%25", a bracketed literal that is not an IPv6 address, or
// (for http and https) a second ':' outside brackets; malformed escapes outside the query.
// Go does NOT check the fragment for control bytes ("http://h/#a\nb" parses); see has_control_byte.
Result<Url> parse_url(std::string_view raw);

// Go's getScheme: the text before the first ':' when it is a scheme (a letter, then letters, digits,
// '+', '-' or '.'), otherwise empty; "" also for ":x" (an error for parse_url).
std::string_view url_scheme(std::string_view raw);

// True when `s` holds an ASCII control byte (below 0x20, or 0x7f): what parse_url refuses outside
// the fragment.
bool has_control_byte(std::string_view s);

}  // namespace dexcc::base
