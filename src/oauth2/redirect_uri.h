// Redirect URI rules (reference dex-server.md §6.3): exact match, and for public clients without
// registered URIs, the out-of-band URN, the device callback and http loopback URIs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dexcc::oauth2 {

constexpr std::string_view kDeviceCallbackPath = "/device/callback";

bool redirect_uri_allowed(const std::vector<std::string>& registered, bool is_public,
                          std::string_view redirect_uri);

// dex's loopback rule, read with Go's url.Parse (base::parse_url): scheme http, and a host that is
// "localhost" or a loopback IP, alone or with a port ("[::1]" without a port is refused, a Go
// quirk dex inherits). Stricter than dex in two ways, because a browser may read such a URI
// differently: any userinfo is refused ("http://evil@127.0.0.1/"; Go keeps it out of the host, so
// dex allows it), and so is a control byte anywhere (Go lets them through in the fragment).
bool is_loopback_http_uri(std::string_view uri);

}  // namespace dexcc::oauth2
