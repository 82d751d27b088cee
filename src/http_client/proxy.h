// Which proxy an outbound request goes through, decided exactly as Go's http.ProxyFromEnvironment
// (golang.org/x/net/http/httpproxy) decides it, since dex honours these variables through it.
//
//   https:// URLs use HTTPS_PROXY, http:// URLs HTTP_PROXY; other schemes never use a proxy.
//   Each variable is read upper case first, then lower case; an empty value counts as unset.
//   With REQUEST_METHOD set (a CGI process), a request that would use HTTP_PROXY fails instead
//   (golang.org/s/cgihttpproxy); HTTPS_PROXY still applies.
//   A proxy value without "scheme://host" gets "http://" in front; one that still does not parse
//   is ignored, as Go ignores it. Schemes: http, https, socks5 and socks5h (both resolve names at
//   the proxy, as Go's SOCKS5 dialer does); others are refused.
//   "localhost" (exactly; Go compares before lower-casing) and loopback IPs never use a proxy.
//   NO_PROXY is a comma-separated list, entries trimmed and lower-cased:
//     "*"                    no request uses a proxy
//     1.2.3.4, ::1, [::1]:8080, 10.0.0.0/8, 2001:db8::/32
//                            IP addresses (optionally with a port) and CIDR ranges; they apply
//                            to requests whose host is an IP literal, never to names
//     example.com[:port]     that name and every subdomain
//     .example.com, *.example.com
//                            subdomains only
//   A port in an entry must equal the request's port (its default, 80 or 443, when it has none).
//
// Go reads the environment once per process; a Client reads it once, when it is created.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <expected>

namespace dexcc::http_client {

struct ProxyEnv {
  std::string http_proxy;   // HTTP_PROXY, else http_proxy
  std::string https_proxy;  // HTTPS_PROXY, else https_proxy
  std::string no_proxy;     // NO_PROXY, else no_proxy
  bool cgi = false;         // REQUEST_METHOD is set

  // Reads the variables through `getenv`, which returns nullptr for an unset name.
  static ProxyEnv from(const std::function<const char*(const char*)>& getenv);
  static ProxyEnv from_process();
};

// A ProxyEnv parsed once, for deciding many requests.
class ProxyRules {
 public:
  explicit ProxyRules(const ProxyEnv& env);
  ~ProxyRules();
  ProxyRules(ProxyRules&&) noexcept;
  ProxyRules& operator=(ProxyRules&&) noexcept;

  // The proxy URL for a request to `url` (as libcurl takes it: "http://proxy:3128",
  // "socks5h://..."), nullopt to connect directly, or why the request must not be sent (the CGI
  // rule, an unsupported proxy scheme). The reason never repeats the proxy's credentials.
  std::expected<std::optional<std::string>, std::string> proxy_for(std::string_view url) const;

 private:
  struct Parsed;
  std::unique_ptr<const Parsed> parsed_;
};

// One-off form of ProxyRules(env).proxy_for(url), for tests and tools.
std::expected<std::optional<std::string>, std::string> proxy_for(std::string_view url, const ProxyEnv& env);

}  // namespace dexcc::http_client
