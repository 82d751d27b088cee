// Route matching on raw paths and the wrappers (headers, CORS) applied around each handler.
#include "http/router.h"

namespace dexcc::http {
namespace {

std::vector<std::string> split_segments(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool is_placeholder(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

}  // namespace

std::string path_join(std::string_view a, std::string_view b) {
  std::string joined = std::string(a);
  if (!b.empty()) {
    if (!joined.empty()) joined += '/';
    joined += b;
  }
  if (joined.empty()) return "";
  // path.Clean: collapse "//", drop ".", resolve "..", no trailing slash except the root.
  bool rooted = joined[0] == '/';
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out.empty() ? "." : out;
}

Router::Router(std::string mount_path) : mount_path_(std::move(mount_path)) {}

std::string Router::full_path(std::string_view route) const { return path_join(mount_path_, route); }

void Router::handle(std::string_view route, Handler handler, RouteOptions options) {
  auto r = std::make_unique<Route>();
  r->name = std::string(route);
  r->pattern = full_path(route);
  r->handler = std::move(handler);
  r->options = options;
  r->segments = split_segments(r->pattern);
  routes_.push_back(std::move(r));
}

void Router::handle_prefix(std::string_view route, Handler handler, RouteOptions options) {
  handle(route, std::move(handler), options);
  routes_.back()->is_prefix = true;
}

const Route* Router::match(Request& req) const {
  std::vector<std::string> got;  // split lazily: most requests hit an exact route first
  for (const auto& route : routes_) {
    if (route->is_prefix) {
      const std::string& p = route->pattern;
      if (req.path.starts_with(p) && (req.path.size() == p.size() || req.path[p.size()] == '/')) {
        req.params = {{"*", req.path.substr(p.size())}};
        return route.get();
      }
      continue;
    }
    if (route->pattern.find('{') == std::string::npos) {
      if (req.path == route->pattern) return route.get();
      continue;
    }
    if (got.empty()) got = split_segments(req.path);
    if (got.size() != route->segments.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    for (size_t i = 0; i < got.size() && ok; ++i) {
      const std::string& want = route->segments[i];
      if (is_placeholder(want)) {
        ok = !got[i].empty();
        params.emplace_back(want.substr(1, want.size() - 2), got[i]);
      } else {
        ok = want == got[i];
      }
    }
    if (ok) {
      req.params = std::move(params);
      return route.get();
    }
  }
  return nullptr;
}

Response Router::serve(const Route* route, const Request& req) const {
  if (!route) return Response::not_found();
  CorsDecision cors;
  bool apply_cors = route->options.cors && cors_.enabled();
  if (apply_cors) cors = decide_cors(cors_, req.method, req.headers);
  Response res = cors.call_handler ? route->handler(req) : Response::empty(cors.status);
  if (route->options.web_headers) {
    for (const auto& [name, value] : web_headers_) res.headers.set(name, value);
  }
  for (const auto& [name, value] : cors.add.fields()) res.headers.set(name, value);
  return res;
}

}  // namespace dexcc::http
