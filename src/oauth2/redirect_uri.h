// Redirect URI rules (reference dex-server.md §6.3): exact match, and for public clients without
// registered URIs, the out-of-band URN, the device callback and http loopback URIs.
#pragma once

#include <string_view>
#include <vector>

namespace dexcc::oauth2 {

constexpr std::string_view kDeviceCallbackPath = "/device/callback";

bool redirect_uri_allowed(const std::vector<std::string>& registered, bool is_public, std::string_view redirect_uri);

// http://localhost[:port]/..., http://127.x.y.z[:port]/..., http://[::1]:port/... (Go's rules,
// including that "[::1]" without a port is refused).
bool is_loopback_http_uri(std::string_view uri);

}  // namespace dexcc::oauth2
