// Redirect URI matching and the loopback test: Go's url.Parse outcome, then dex's isHostLocal.
#include "oauth2/redirect_uri.h"

#include <algorithm>

#include "base/net_address.h"
#include "base/url.h"
#include "oauth2/response_types.h"

namespace dexcc::oauth2 {
namespace {

bool is_local_name_or_ip(std::string_view host) {
  return host == "localhost" || base::is_loopback_ip_literal(host);
}

// dex's isHostLocal on Go's u.Host: the whole host, or its host part when net.SplitHostPort accepts
// it. Only the latter strips brackets, hence "[::1]:80" passes and "[::1]" does not.
bool is_local_host(std::string_view host) {
  if (is_local_name_or_ip(host)) return true;
  auto split = base::split_host_port(host);
  return split && is_local_name_or_ip(split->host);
}

}  // namespace

bool is_loopback_http_uri(std::string_view uri) {
  if (base::has_control_byte(uri)) return false;
  auto url = base::parse_url(uri);
  return url && url->scheme == "http" && !url->user && is_local_host(url->host);
}

bool redirect_uri_allowed(const std::vector<std::string>& registered, bool is_public,
                          std::string_view redirect_uri) {
  if (std::find(registered.begin(), registered.end(), redirect_uri) != registered.end()) return true;
  if (!is_public || !registered.empty()) return false;
  if (redirect_uri == kRedirectUriOob || redirect_uri == kDeviceCallbackPath) return true;
  return is_loopback_http_uri(redirect_uri);
}

}  // namespace dexcc::oauth2
