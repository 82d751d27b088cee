// The proxy decision of Go's http.ProxyFromEnvironment, over NoProxyList and libcurl's URL parser.
#include "http_client/proxy.h"

#include <cstdlib>

#include "http_client/no_proxy.h"
#include "http_client/url_parts.h"

namespace dexcc::http_client {
namespace {

std::string first_set(const std::function<const char*(const char*)>& getenv, const char* upper,
                      const char* lower) {
  for (const char* name : {upper, lower}) {
    const char* value = getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return "";
}

bool has_scheme_and_host(std::string_view value) {
  size_t separator = value.find("://");
  if (separator == std::string_view::npos || separator == 0) return false;
  for (size_t i = 0; i < separator; ++i) {
    char c = value[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!letter && !(i > 0 && other)) return false;
  }
  std::string_view rest = value.substr(separator + 3);
  return !rest.empty() && rest.front() != '/' && rest.front() != '?' && rest.front() != '#';
}

// A configured proxy ready for libcurl, or why it cannot be used. `value` is non-empty.
struct Proxy {
  std::string url;           // empty when Go would have ignored the value
  std::string refused_with;  // set for an unsupported scheme
};

Proxy parse_proxy(const std::string& value) {
  if (value.empty()) return {};
  std::string url = has_scheme_and_host(value) ? value : "http://" + value;
  auto parts = detail::parse_url(url);
  if (!parts) return {};
  std::string rest = url.substr(url.find("://"));
  if (parts->scheme == "http" || parts->scheme == "https") return {parts->scheme + rest, ""};
  // Go's SOCKS5 dialer hands the name to the proxy; libcurl does that for socks5h only.
  if (parts->scheme == "socks5" || parts->scheme == "socks5h") return {"socks5h" + rest, ""};
  return {"", "unsupported proxy scheme \"" + parts->scheme + "\""};
}

}  // namespace

ProxyEnv ProxyEnv::from(const std::function<const char*(const char*)>& getenv) {
  ProxyEnv env;
  env.http_proxy = first_set(getenv, "HTTP_PROXY", "http_proxy");
  env.https_proxy = first_set(getenv, "HTTPS_PROXY", "https_proxy");
  env.no_proxy = first_set(getenv, "NO_PROXY", "no_proxy");
  const char* request_method = getenv("REQUEST_METHOD");
  env.cgi = request_method != nullptr && *request_method != '\0';
  return env;
}

ProxyEnv ProxyEnv::from_process() {
  return from([](const char* name) -> const char* { return std::getenv(name); });
}

struct ProxyRules::Parsed {
  Proxy http;
  Proxy https;
  bool cgi = false;
  detail::NoProxyList no_proxy;
};

ProxyRules::ProxyRules(const ProxyEnv& env)
    : parsed_(std::make_unique<const Parsed>(Parsed{parse_proxy(env.http_proxy), parse_proxy(env.https_proxy),
                                                    env.cgi, detail::NoProxyList(env.no_proxy)})) {}

ProxyRules::~ProxyRules() = default;
ProxyRules::ProxyRules(ProxyRules&&) noexcept = default;
ProxyRules& ProxyRules::operator=(ProxyRules&&) noexcept = default;

std::expected<std::optional<std::string>, std::string> ProxyRules::proxy_for(std::string_view url) const {
  auto parts = detail::parse_url(url);
  if (!parts) return std::nullopt;
  const Proxy* proxy = nullptr;
  if (parts->scheme == "https") {
    proxy = &parsed_->https;
  } else if (parts->scheme == "http") {
    proxy = &parsed_->http;
    bool configured = !proxy->url.empty() || !proxy->refused_with.empty();
    if (configured && parsed_->cgi) {
      return std::unexpected(
          "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy");
    }
  }
  if (proxy == nullptr || (proxy->url.empty() && proxy->refused_with.empty())) return std::nullopt;
  if (parsed_->no_proxy.bypasses(parts->host, parts->port)) return std::nullopt;
  if (!proxy->refused_with.empty()) return std::unexpected(proxy->refused_with);
  return proxy->url;
}

std::expected<std::optional<std::string>, std::string> proxy_for(std::string_view url, const ProxyEnv& env) {
  return ProxyRules(env).proxy_for(url);
}

}  // namespace dexcc::http_client
