// Creating the database file owner-only and finding database files that others may open.
#include "storage/sqlite/file_mode.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dexcc::storage::sqlite {

Result<void> create_owner_only(const std::string& path) {
  // O_EXCL: a file that exists (or appears meanwhile, or is a symbolic link) is left as it is.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return fail(fmt::format("sqlite3: cannot create database \"{}\": {}", path, std::strerror(errno)));
  }
  ::close(fd);
  return {};
}

std::vector<ExposedFile> files_open_to_others(const std::string& path) {
  std::vector<ExposedFile> exposed;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::string file = path + suffix;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) continue;
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) exposed.push_back({file, st.st_mode & 07777});
  }
  return exposed;
}

}  // namespace dexcc::storage::sqlite
