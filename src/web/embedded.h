// The web/ folder compiled into the binary: every file's path (relative to web/) and its bytes.
#pragma once

#include <span>
#include <string_view>

namespace dexcc::web {

struct EmbeddedFile {
  std::string_view path;  // "static/main.css", "themes/dark/logo.png", "robots.txt"
  std::string_view data;
};

// Generated at build time by embed_assets.cmake; sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace dexcc::web
