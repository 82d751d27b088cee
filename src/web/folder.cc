// Loads a folder's files, refusing anything a symlink would pull in from outside it.
#include "web/folder.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "base/json_fields.h"
#include "base/log.h"

namespace dexcc::web {
namespace fs = std::filesystem;

namespace {

bool inside(const fs::path& real, const fs::path& root) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  return r == root.end();
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw base::ConfigError(fmt::format("frontend: cannot read {}", file.string()));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw base::ConfigError(fmt::format("frontend: cannot read {}", file.string()));
  return data;
}

// The real path of `entry` when it is a readable regular file inside `real_root`, else nullopt.
std::optional<fs::path> servable(const fs::path& entry, const fs::path& real_root) {
  std::error_code ec;
  fs::path real = fs::canonical(entry, ec);
  if (ec || !inside(real, real_root)) {
    log::warn("frontend: skipping a file that leads outside its folder", {{"path", entry.string()}});
    return std::nullopt;
  }
  if (!fs::is_regular_file(real, ec)) return std::nullopt;
  if (fs::file_size(real, ec) > kMaxFileBytes || ec) {
    log::warn("frontend: skipping a file too large to serve", {{"path", entry.string()}});
    return std::nullopt;
  }
  return real;
}

}  // namespace

std::optional<std::string> read_folder_file(const fs::path& root, std::string_view name) {
  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec || !fs::exists(root / name, ec)) return std::nullopt;
  std::optional<fs::path> real = servable(root / name, real_root);
  if (!real) return std::nullopt;
  return read_file(*real);
}

std::vector<FolderFile> read_folder(const fs::path& root) {
  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) throw base::ConfigError(fmt::format("frontend: cannot read {}: {}", root.string(), ec.message()));

  std::vector<FolderFile> files;
  fs::recursive_directory_iterator it(real_root, fs::directory_options::none, ec);
  if (ec) throw base::ConfigError(fmt::format("frontend: cannot read {}: {}", root.string(), ec.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw base::ConfigError(fmt::format("frontend: cannot read {}: {}", root.string(), ec.message()));
    const fs::path& entry = it->path();
    std::string name = entry.filename().string();
    if (name.starts_with('.')) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      ec.clear();
      continue;
    }
    if (it->is_directory(ec)) continue;
    std::optional<fs::path> real = servable(entry, real_root);
    if (!real) continue;
    files.push_back({entry.lexically_relative(real_root).generic_string(), read_file(*real)});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

}  // namespace dexcc::web
