// dex's relativeURL template helper and the URL-attribute filter every link on a page goes through.
#include "web/relative_url.h"

#include <vector>

#include "base/text.h"
#include "base/url.h"
#include "http/router.h"

namespace dexcc::web {
namespace {

// Go's strings.Split(path.Clean(p), "/") without the empty parts; path.Clean("") is ".".
std::vector<std::string> split_path(std::string_view p) {
  std::string clean = p.empty() ? "." : http::path_join("", p);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= clean.size()) {
    size_t slash = clean.find('/', start);
    if (slash == std::string::npos) slash = clean.size();
    if (slash > start) parts.push_back(clean.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// Drops the common leading elements of `a` and `b` from both.
void strip_common(std::vector<std::string>& a, std::vector<std::string>& b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  a.erase(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n));
  b.erase(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

}  // namespace

bool has_scheme(std::string_view url) {
  return !base::url_scheme(url).empty();
}

// Go html/template's rule: text before the first ':' that holds no '/' is a scheme and must be an
// allowed one. Being that strict also catches what browsers would still run: " javascript:" with
// leading blanks, "java\tscript:" with tabs or newlines inside.
std::string safe_url(std::string_view url) {
  size_t colon = url.find(':');
  if (colon == std::string_view::npos || url.substr(0, colon).find('/') != std::string_view::npos) {
    return std::string(url);
  }
  std::string_view scheme = url.substr(0, colon);
  for (std::string_view ok : {"http", "https", "mailto"}) {
    if (base::ascii_iequals(scheme, ok)) return std::string(url);
  }
  return "#";
}

std::string relative_url(std::string_view issuer_path, std::string_view request_path,
                         std::string_view asset) {
  if (has_scheme(asset)) return std::string(asset);

  std::vector<std::string> server = split_path(issuer_path);
  std::vector<std::string> req = split_path(request_path);
  std::vector<std::string> parts = split_path(asset);
  // The browser resolves "a/b/" against the directory "a/b/": keep that last, empty segment.
  if (request_path.size() > 1 && request_path.back() == '/') req.emplace_back();

  std::vector<std::string> server_rest = server;
  strip_common(server_rest, req);
  // A page at the issuer root ("/dex") resolves relative URLs against its parent: go through "dex/".
  // Newer dex prepends the whole issuer path here, which is wrong for "/a/b" ("a/b/..." from "/a/"
  // lands on "/a/a/b/..."); its last segment is what the browser needs.
  if (req.empty() && !server.empty()) parts.insert(parts.begin(), server.back());
  strip_common(parts, req);

  std::string up;
  for (size_t i = 1; i < req.size(); ++i) up += up.empty() ? ".." : "/..";
  return http::path_join(up, join(parts));
}

}  // namespace dexcc::web
