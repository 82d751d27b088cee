// Relative asset URLs, so pages keep working behind any proxy path: dex's `url REQPATH ASSET` helper.
#pragma once

#include <string>
#include <string_view>

namespace dexcc::web {

// The URL of `asset` ("static/main.css") relative to the page at `request_path`, for a server
// mounted at `issuer_path`. Matches dex's relativeURL, including newer dex's fix for pages at the
// issuer root:
//   ("/dex", "/dex/auth/local/login", "static/main.css") -> "../../static/main.css"
//   ("/dex", "/dex", "static/main.css")                  -> "dex/static/main.css"
// Two deliberate differences, both where dex's URL would not resolve to the asset: a request path
// ending in '/' counts its empty last segment, because the browser resolves against that directory
// (dex's path.Clean drops the slash); and at the root of a multi-segment issuer path ("/a/b") only
// the last segment is prepended ("b/static/main.css"; dex gives "a/b/static/main.css").
// An asset with a scheme ("https://cdn/logo.png") is returned unchanged.
std::string relative_url(std::string_view issuer_path, std::string_view request_path, std::string_view asset);

// True when `url` starts with a URI scheme ("https:", "javascript:"), as Go's url package reads one.
bool has_scheme(std::string_view url);

// `url` if it is safe to put in an href/src/action attribute, else "#": a scheme other than http,
// https or mailto ("javascript:", " javascript:", "data:", "vbscript:") is neutralised, as Go's
// html/template does.
std::string safe_url(std::string_view url);

}  // namespace dexcc::web
