// HTML page responses: the content type and the anti-framing headers dexcc sends on every page
// (dex sends X-Frame-Options/CSP only when web.headers configures them).
#pragma once

#include <string>
#include <string_view>

#include "http/response.h"

namespace dexcc::web {

// Built-in pages load only their own scripts and styles; images may also come from elsewhere
// (frontend.logoURL can point off-site). form-action is left open on purpose: Chromium applies it
// to the redirect that follows a form POST, and the approval POST redirects to the client.
inline constexpr std::string_view kBuiltInCsp =
    "default-src 'self'; img-src 'self' data: https: http:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'";
// Custom templates may load what their authors chose; they still may not be framed.
inline constexpr std::string_view kCustomCsp = "frame-ancestors 'none'";

// text/html; charset=utf-8 with X-Frame-Options: DENY, the given CSP and nosniff.
http::Response html_page(int status, std::string body, std::string_view csp = kBuiltInCsp);

// What dex answers when a template fails before writing anything: a plain 500.
http::Response internal_error();

}  // namespace dexcc::web
