// In-memory asset folders with content types and ETags computed once, at start-up.
#include "web/assets.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <utility>

#include "base/text.h"

namespace dexcc::web {
namespace {

// FNV-1a: an ETag only has to change when the bytes do; it guards no secret.
uint64_t fnv1a(std::string_view data) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes{{
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/vnd.microsoft.icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".xml", "text/xml; charset=utf-8"},
  }};
  size_t dot = path.rfind('.');
  if (dot != std::string_view::npos && path.find('/', dot) == std::string_view::npos) {
    std::string_view ext = path.substr(dot);
    for (const auto& [e, type] : kTypes) {
      if (base::ascii_iequals(ext, e)) return type;
    }
  }
  return "application/octet-stream";
}

void AssetTree::put(std::string path, std::string data) {
  Asset a;
  a.content_type = std::string(content_type_for(path));
  a.etag = fmt::format("\"{:016x}-{:x}\"", fnv1a(data), data.size());
  a.data = std::move(data);
  files_[std::move(path)] = std::move(a);
}

const Asset* AssetTree::find(std::string_view path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace dexcc::web
