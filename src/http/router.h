// Router: dex's route matching (gorilla/mux with SkipClean and UseEncodedPath) plus the per-route
// wrappers every dex route gets: web.headers, CORS on six routes, and a name for metrics.
//
// Patterns are matched on the raw, percent-encoded path, never cleaned: "/dex//token" does not
// match "/dex/token", "/dex/token/" is a 404, and a "{name}" placeholder matches one encoded segment.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/cors.h"
#include "http/request.h"
#include "http/response.h"

namespace dexcc::http {

using Handler = std::function<Response(const Request&)>;

struct RouteOptions {
  bool cors = false;        // one of the routes dex wraps in CORS
  bool web_headers = true;  // false for /static and /theme, as in dex
  bool instrument = true;   // counted in the HTTP metrics
  // The handler never blocks (no storage, no upstream I/O, no bcrypt): run it on the I/O thread
  // instead of a worker, saving two thread hops for cheap endpoints such as discovery.
  bool runs_inline = false;
};

struct Route {
  std::string name;     // the route relative to the mount path, e.g. "/auth/{connector}"
  std::string pattern;  // the full pattern, e.g. "/dex/auth/{connector}"
  bool is_prefix = false;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/'
};

class Router {
 public:
  // `mount_path` is the issuer URL's path ("/dex", "" or "/").
  explicit Router(std::string mount_path);

  void handle(std::string_view route, Handler handler, RouteOptions options = {});
  // Matches `route` and everything under it ("/static/x.css"); the handler finds the remainder
  // (raw, after the prefix) in the "*" parameter.
  void handle_prefix(std::string_view route, Handler handler, RouteOptions options = {});

  void set_web_headers(std::vector<std::pair<std::string, std::string>> headers) { web_headers_ = std::move(headers); }
  void set_cors(CorsPolicy policy) { cors_ = std::move(policy); }

  // Finds the route for `req` and stores its raw placeholder values in req.params.
  const Route* match(Request& req) const;
  // Runs `route` (or answers Go's plain 404 when null) with the per-route wrappers applied.
  Response serve(const Route* route, const Request& req) const;

  const std::string& mount_path() const { return mount_path_; }
  // Go's path.Join(mount_path, route): the full path of a route.
  std::string full_path(std::string_view route) const;

 private:
  std::string mount_path_;
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<std::pair<std::string, std::string>> web_headers_;
  CorsPolicy cors_;
};

// Go's path.Join followed by path.Clean.
std::string path_join(std::string_view a, std::string_view b);

}  // namespace dexcc::http
