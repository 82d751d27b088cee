// Internal to http_client: the next request after a redirect, with Go's http.Client rules
// (net/http client.go redirectBehavior) and a stricter rule for credentials.
//
//   301, 302, 303   method becomes GET unless it was GET or HEAD; the body and its Content-Type go
//   307, 308        method and body stay
//   other statuses, or no Location: not a redirect, the response is final
//   Authorization, Cookie, Cookie2, Proxy-Authorization and WWW-Authenticate are dropped when the
//   target's host differs from the current one (Go keeps them for subdomains) or https becomes
//   http; once dropped they stay dropped for later hops.
#pragma once

#include <optional>
#include <string_view>

#include "http_client/message.h"

namespace dexcc::http_client::detail {

// At most this many redirects are followed, as Go's default CheckRedirect allows.
inline constexpr int kMaxRedirects = 10;

// `target` is the absolute URL libcurl resolved from Location (empty when there was none).
std::optional<Request> redirected_request(const Request& previous, int status, std::string_view target);

}  // namespace dexcc::http_client::detail
