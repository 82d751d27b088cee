// AssetTree: one served folder (static/, a theme) held in memory: bytes, content type and ETag.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace dexcc::web {

struct Asset {
  std::string data;
  std::string content_type;
  std::string etag;  // strong, quoted: "\"1f3a...-2b1\""
};

class AssetTree {
 public:
  // Adds or replaces the file at `path` ("img/github-icon.svg").
  void put(std::string path, std::string data);
  const Asset* find(std::string_view path) const;
  bool empty() const { return files_.empty(); }
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, Asset, std::less<>> files_;
};

// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view path);

}  // namespace dexcc::web
