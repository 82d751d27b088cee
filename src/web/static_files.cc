// Static file responses: path checks, content types, ETag revalidation.
#include "web/static_files.h"

#include <vector>

#include "http/form.h"

namespace dexcc::web {
namespace {

bool is_safe_segment(std::string_view seg) {
  if (seg.empty() || seg.front() == '.') return false;  // "", ".", "..", dot files
  for (unsigned char c : seg) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') return false;
  }
  return true;
}

// RFC 9110 §13.1.2: If-None-Match uses weak comparison; "*" matches any current representation.
bool etag_matches(std::string_view header, std::string_view etag) {
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view tag = header.substr(start, comma - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

std::optional<std::string> asset_path(std::string_view raw) {
  if (raw.size() < 2 || raw.front() != '/') return std::nullopt;
  raw.remove_prefix(1);
  std::string out;
  while (true) {
    size_t slash = raw.find('/');
    std::optional<std::string> seg = http::path_unescape(raw.substr(0, slash));
    if (!seg || !is_safe_segment(*seg)) return std::nullopt;
    if (!out.empty()) out += '/';
    out += *seg;
    if (slash == std::string_view::npos) return out;
    raw.remove_prefix(slash + 1);
  }
}

http::Response serve_asset(const Asset& asset, const http::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    http::Response r = http::Response::text(405, "Method Not Allowed\n");
    r.headers.set("Allow", "GET, HEAD");
    return r;
  }
  http::Response r;
  r.headers.set("ETag", asset.etag);
  r.headers.set("Cache-Control", kAssetCacheControl);
  std::string_view inm = req.header("If-None-Match");
  if (!inm.empty() && etag_matches(inm, asset.etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.headers.set("Content-Type", asset.content_type);
  r.headers.set("X-Content-Type-Options", "nosniff");
  // An SVG opened directly must not run script on our origin (custom ones come from frontend.dir).
  if (asset.content_type == "image/svg+xml") {
    r.headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  }
  r.body = asset.data;
  return r;
}

http::Response serve_from(const AssetTree& tree, const http::Request& req) {
  std::optional<std::string> path = asset_path(req.param("*"));
  const Asset* asset = path ? tree.find(*path) : nullptr;
  if (!asset) return http::Response::not_found();
  return serve_asset(*asset, req);
}

}  // namespace dexcc::web
