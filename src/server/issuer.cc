// Issuer URL parsing and the derived URLs dex builds with path.Join.
#include "server/issuer.h"

#include "http/router.h"

namespace dexcc::server {

std::optional<Issuer> Issuer::parse(std::string_view url) {
  Issuer out;
  out.url = std::string(url);
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  out.https = scheme == "https";
  size_t host_start = scheme_end + 3;
  size_t path_start = url.find_first_of("/?#", host_start);
  std::string_view host = url.substr(host_start, path_start == std::string_view::npos ? std::string_view::npos
                                                                                       : path_start - host_start);
  if (host.empty()) return std::nullopt;
  out.origin = std::string(url.substr(0, host_start)) + std::string(host);
  if (path_start != std::string_view::npos && url[path_start] == '/') {
    size_t end = url.find_first_of("?#", path_start);
    out.path = std::string(url.substr(path_start, end == std::string_view::npos ? std::string_view::npos
                                                                                   : end - path_start));
  }
  return out;
}

std::string Issuer::route_path(std::string_view route) const { return http::path_join(path, route); }

std::string Issuer::absolute(std::string_view route) const { return origin + route_path(route); }

}  // namespace dexcc::server
