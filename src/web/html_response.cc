// HTML responses with anti-framing headers, and dex's plain-text fallback when rendering fails.
#include "web/html_response.h"

namespace dexcc::web {

http::Response html_page(int status, std::string body, std::string_view csp) {
  http::Response r = http::Response::html(status, std::move(body));
  r.headers.set("X-Frame-Options", "DENY");
  r.headers.set("Content-Security-Policy", csp);
  r.headers.set("X-Content-Type-Options", "nosniff");
  return r;
}

http::Response internal_error() {
  // Go's http.Error: the message plus a newline, text/plain, nosniff.
  http::Response r = http::Response::text(500, "Internal server error\n");
  r.headers.set("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace dexcc::web
