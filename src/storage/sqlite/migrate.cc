// The migrations loop: read max(num), apply the next migration and record it, until current.
#include "storage/sqlite/migrate.h"

#include <fmt/format.h>

#include "storage/sql/migrations.h"

namespace dexcc::storage::sqlite {
namespace {

using sql::Flavor;

// One step: returns false when nothing was left to do. The transaction is taken up front so two
// processes opening the same new file cannot both run a migration.
Result<bool> migrate_one(Connection& conn, const std::vector<sql::Migration>& migrations) {
  if (auto b = conn.exec("BEGIN IMMEDIATE", "migrations: begin"); !b) return std::unexpected(b.error());
  auto step = [&]() -> Result<bool> {
    auto q = conn.query(sql::translate(Flavor::kSqlite3, sql::kMaxMigration), "migrations: read max(num)");
    if (!q) return std::unexpected(q.error());
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    int64_t done = 0;
    if (*row) {
      Row r = q->row();
      done = r.integer();  // NULL on an empty table reads as 0
    }
    if (done >= static_cast<int64_t>(migrations.size())) return false;
    const auto& m = migrations[static_cast<size_t>(done)];
    for (size_t i = 0; i < m.size(); ++i) {
      if (auto r = conn.exec(m[i], "migration"); !r) {
        return fail(
            fmt::format("sqlite3: migration {} statement {} failed: {}", done + 1, i + 1, r.error().message));
      }
    }
    auto record = conn.query(sql::translate(Flavor::kSqlite3, sql::kRecordMigration), "migrations: record");
    if (!record) return std::unexpected(record.error());
    record->integer(done + 1);
    if (auto r = record->run(); !r) return std::unexpected(r.error());
    return true;
  }();
  if (!step) {
    (void)conn.exec("ROLLBACK", "migrations: rollback");
    return step;
  }
  if (auto c = conn.exec("COMMIT", "migrations: commit"); !c) {
    (void)conn.exec("ROLLBACK", "migrations: rollback");
    return std::unexpected(c.error());
  }
  return step;
}

}  // namespace

Result<int> migrate(Connection& conn) {
  if (auto r =
          conn.exec(sql::translate(Flavor::kSqlite3, sql::kCreateMigrationsTable), "create migrations table");
      !r) {
    return std::unexpected(r.error());
  }
  const auto migrations = sql::migrations_for(Flavor::kSqlite3);
  int applied = 0;
  for (;;) {
    auto more = migrate_one(conn, migrations);
    if (!more) return std::unexpected(more.error());
    if (!*more) return applied;
    ++applied;
  }
}

}  // namespace dexcc::storage::sqlite
