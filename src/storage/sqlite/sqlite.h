// The sqlite3 storage backend (`storage.type: sqlite3`), sharing dex v2.45.1's database format.
//
// A file written by dex opens here and the other way round: same tables, migrations table and
// numbering, value encodings (reference dex-server.md §7.6-7.7). The database is switched to WAL
// mode. Writes go through one connection under a mutex, updates inside BEGIN IMMEDIATE
// transactions, so writers in this process never meet "database is locked"; reads use a few
// read-only connections and are not held up by a slow updater. A busy timeout covers other
// processes (dex itself, the sqlite3 shell) holding the lock. A new database file is created owner-only
// (it holds the signing keys); an existing one that others may open is reported with a warning.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "storage/storage.h"

namespace dexcc::storage::sqlite {

struct Options {
  // go-sqlite3's DSN as dex takes it: a path, ":memory:", or a "file:" URI. Query parameters on
  // a plain path are go-sqlite3's own and are dropped, as go-sqlite3 does.
  std::string file;
  std::chrono::milliseconds busy_timeout{5000};  // go-sqlite3's default
  int read_connections = 4;                      // 0: reads share the write connection
  // Write-ahead-log durability: FULL survives power loss, as dex's rollback journal does.
  bool synchronous_full = true;
  // > 0 caps the database at this many pages: a hook for tests to simulate a full disk.
  int64_t max_page_count = 0;
};

Result<std::unique_ptr<Storage>> open(const Options& options);

// Opens from `storage.config` ({file: ...}). Config mistakes throw base::ConfigError naming the
// key path; problems with the database itself come back as errors.
Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config);

}  // namespace dexcc::storage::sqlite
