// Who may open the database files: dex.db (and through it -wal and -shm) is created owner-only,
// and existing files that other users may read or write are reported, as they hold the signing keys.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "storage/storage.h"

namespace dexcc::storage::sqlite {

// Creates `path` empty with mode 0600 (less if the umask says so) unless it exists. SQLite gives
// the -wal and -shm files it creates beside a database the database's own mode.
Result<void> create_owner_only(const std::string& path);

struct ExposedFile {
  std::string path;
  mode_t mode;  // permission bits
};

// Those of `path`, `path`-wal and `path`-shm that exist and that users other than the owner may
// read or write (any group or other permission bit).
std::vector<ExposedFile> files_open_to_others(const std::string& path);

}  // namespace dexcc::storage::sqlite
