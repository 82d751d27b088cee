// Internal to http_client: the parts of a URL the client decides on, parsed by libcurl's own URL
// parser so that proxy and redirect rules see the host curl will actually connect to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dexcc::http_client::detail {

struct UrlParts {
  std::string scheme;  // lower case
  std::string host;    // as written (IPv6 without brackets or zone); IDN hosts in punycode
  std::string port;    // as written, else the scheme's default ("80", "443"); empty if none
};

// Absolute URLs of any scheme; nullopt when libcurl cannot parse `url` or it has no host.
std::optional<UrlParts> parse_url(std::string_view url);

// `host` in ASCII (punycode) when it holds non-ASCII characters and converts; else unchanged.
std::string ascii_host(std::string_view host);

}  // namespace dexcc::http_client::detail
