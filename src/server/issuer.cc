// Issuer URL parsing and the derived URLs dex builds with path.Join.
#include "server/issuer.h"

#include "base/url.h"
#include "http/router.h"

namespace dexcc::server {

std::optional<Issuer> Issuer::parse(std::string_view url) {
  // dex reads the issuer with url.Parse and fails to start when Go refuses it; dexcc also needs an
  // http(s) origin for the absolute endpoint URLs.
  auto parsed = base::parse_url(url);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https") || parsed->host.empty()) {
    return std::nullopt;
  }
  Issuer out;
  out.url = std::string(url);
  out.https = parsed->scheme == "https";
  // A host means the text goes on "scheme://authority", the authority ending at the path's '/'.
  // Origin and path are kept as written (the scheme lower-cased, as Go writes it back).
  std::string_view after_scheme = base::split_url(url).before_query.substr(parsed->scheme.size() + 3);
  size_t path_start = after_scheme.find('/');
  out.origin = parsed->scheme + "://" + std::string(after_scheme.substr(0, path_start));
  if (path_start != std::string_view::npos) out.path = std::string(after_scheme.substr(path_start));
  return out;
}

std::string Issuer::route_path(std::string_view route) const { return http::path_join(path, route); }

std::string Issuer::absolute(std::string_view route) const { return origin + route_path(route); }

}  // namespace dexcc::server
