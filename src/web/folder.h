// Reading a frontend.dir subfolder into memory at start-up, so requests never touch the file system.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dexcc::web {

struct FolderFile {
  std::string path;  // relative to the folder, '/'-separated: "img/github-icon.svg"
  std::string data;
};

// Every regular file under `root`, recursively, sorted by path. Skips dot files and dot folders,
// and anything (symlinks included) whose real path lies outside `root`. Files over kMaxFileBytes
// are skipped with a warning. Throws base::ConfigError when `root` or a file in it cannot be read.
std::vector<FolderFile> read_folder(const std::filesystem::path& root);

// The file at `name` directly inside `root` ("robots.txt"), or nullopt when there is none (or it
// leads outside `root`). Throws base::ConfigError when it exists but cannot be read.
std::optional<std::string> read_folder_file(const std::filesystem::path& root, std::string_view name);

inline constexpr size_t kMaxFileBytes = 16 * 1024 * 1024;

}  // namespace dexcc::web
