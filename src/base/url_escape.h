// Percent-encoding of URL components by Go's net/url rules, as the URL parser checks and decodes them.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace dexcc::base {

// The URL part being encoded or decoded: Go's encoding modes, each with its own set of bytes that
// may appear unescaped. (Query strings are decoded by http::parse_query, not here.)
enum class UrlPart { kPath, kHost, kZone, kUserinfo, kFragment };

// Go's shouldEscape: whether `c` must be written as %XX in `part`.
bool url_should_escape(unsigned char c, UrlPart part);

// Go's unescape. Every '%' must start two hex digits ("invalid URL escape \"%zz\""). In a host,
// escapes stand only for bytes >= 0x80 or "%25", and every ASCII byte must be one a host may hold
// ("invalid character \"\\\\\" in host name"); a zone may escape only such bytes, a space or '%'.
Result<std::string> url_unescape(std::string_view s, UrlPart part);

// Go's escape: each byte url_should_escape names becomes %XX (upper-case hex).
std::string url_escape(std::string_view s, UrlPart part);

}  // namespace dexcc::base
