// The migrations loop on a database server: read max(num), apply the next migration and record
// it, until current, under a server-side lock.
#include <fmt/format.h>

#include "storage/sql/server_storage.h"

namespace dexcc::storage::sql {
namespace {

Result<int64_t> applied_count(Conn& conn, Flavor flavor) {
  auto q = conn.prepare(translate(flavor, kMaxMigration), "migrations: read max(num)");
  if (!q) return std::unexpected(q.error());
  if (auto r = (*q)->execute(); !r) return std::unexpected(r.error());
  auto row = (*q)->next();
  if (!row) return std::unexpected(row.error());
  return *row ? (*q)->columns().integer() : 0;  // NULL on an empty table reads as 0
}

Result<void> apply(Conn& conn, Flavor flavor, const Migration& m, int64_t num) {
  if (auto b = conn.exec("begin", "migrations: begin"); !b) return b;
  auto step = [&]() -> Result<void> {
    for (size_t i = 0; i < m.size(); ++i) {
      if (auto r = conn.exec(m[i], "migration"); !r) {
        return fail(fmt::format("migration {} statement {} failed: {}", num, i + 1, r.error().message));
      }
    }
    auto record = conn.prepare(translate(flavor, kRecordMigration), "migrations: record");
    if (!record) return std::unexpected(record.error());
    (*record)->params().integer(num);
    return (*record)->execute();
  }();
  if (!step) {
    (void)conn.exec("rollback", "migrations: rollback");
    return step;
  }
  return conn.exec("commit", "migrations: commit");
}

}  // namespace

Result<int> migrate_server(Conn& conn, Flavor flavor, const std::string& lock, const std::string& unlock) {
  if (auto r = conn.exec(lock, "migrations: lock"); !r) return std::unexpected(r.error());
  auto run = [&]() -> Result<int> {
    if (auto r = conn.exec(translate(flavor, kCreateMigrationsTable), "create migrations table"); !r) {
      return std::unexpected(r.error());
    }
    const auto migrations = migrations_for(flavor);
    int ran = 0;
    for (;;) {
      auto done = applied_count(conn, flavor);
      if (!done) return std::unexpected(done.error());
      if (*done >= static_cast<int64_t>(migrations.size())) return ran;
      if (auto r = apply(conn, flavor, migrations[static_cast<size_t>(*done)], *done + 1); !r) {
        return std::unexpected(r.error());
      }
      ++ran;
    }
  }();
  (void)conn.exec(unlock, "migrations: unlock");
  return run;
}

}  // namespace dexcc::storage::sql
