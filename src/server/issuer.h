// Issuer: the parsed issuer URL, from which every route prefix and absolute endpoint URL derives.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dexcc::server {

struct Issuer {
  std::string url;     // exactly as configured (a trailing slash is kept, as dex keeps it)
  std::string origin;  // scheme://host[:port]
  std::string path;    // the URL's path ("/dex", "" or "/")
  bool https = false;

  // Parses an absolute http(s) URL with a host, read as Go's url.Parse reads it; nullopt otherwise.
  static std::optional<Issuer> parse(std::string_view url);
  // origin + path.Join(path, route): the absolute URL of a route ("/token" -> ".../dex/token").
  std::string absolute(std::string_view route) const;
  // path.Join(path, route): the path of a route under the issuer.
  std::string route_path(std::string_view route) const;
};

}  // namespace dexcc::server
