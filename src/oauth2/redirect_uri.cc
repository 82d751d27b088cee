// Redirect URI matching and the loopback test, reproducing Go's url.Parse/SplitHostPort outcomes.
#include "oauth2/redirect_uri.h"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

#include "oauth2/response_types.h"

namespace dexcc::oauth2 {
namespace {

bool is_loopback_ip(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return buf[0] == 127;
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(buf, buf + 16, kLoopback)) return true;
    return std::equal(buf, buf + 12, kMapped) && buf[12] == 127;
  }
  return false;
}

bool is_local_host(std::string_view host) {
  if (host == "localhost" || is_loopback_ip(host)) return true;
  // net.SplitHostPort: "[v6]:port" or "host:port" with exactly one colon outside brackets.
  std::string_view h;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos || close + 1 >= host.size() || host[close + 1] != ':') return false;
    h = host.substr(1, close - 1);
  } else {
    size_t colon = host.find(':');
    if (colon == std::string_view::npos || host.find(':', colon + 1) != std::string_view::npos) return false;
    h = host.substr(0, colon);
  }
  return h == "localhost" || is_loopback_ip(h);
}

}  // namespace

bool is_loopback_http_uri(std::string_view uri) {
  if (!uri.starts_with("http://")) return false;
  std::string_view rest = uri.substr(7);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  return is_local_host(authority);
}

bool redirect_uri_allowed(const std::vector<std::string>& registered, bool is_public, std::string_view redirect_uri) {
  if (std::find(registered.begin(), registered.end(), redirect_uri) != registered.end()) return true;
  if (!is_public || !registered.empty()) return false;
  if (redirect_uri == kRedirectUriOob || redirect_uri == kDeviceCallbackPath) return true;
  return is_loopback_http_uri(redirect_uri);
}

}  // namespace dexcc::oauth2
