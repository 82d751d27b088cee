// dex's SQL schema as its migrations build it (reference dex-server.md §7.6), per SQL flavour.
//
// The statements are kept in Postgres syntax, as dex writes them, and rewritten per flavour.
// Numbering is per flavour: migrations for other flavours are dropped first, the rest numbered
// 1..N, and a database whose max(migrations.num) is already >= N is left alone (so a database a
// newer dex migrated still opens). At v2.45.1 sqlite3 and postgres end at 13, mysql at 14.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dexcc::storage::sql {

enum class Flavor { kPostgres, kSqlite3, kMysql };

// One migration: statements run in one transaction, in order, already rewritten for the flavour.
using Migration = std::vector<std::string>;

std::vector<Migration> migrations_for(Flavor flavor);

// Rewrites a Postgres-syntax statement for the flavour, as dex's query replacers do. sqlite3:
// $N -> ?, true/false -> 1/0, boolean -> integer, bytea -> blob, timestamptz -> timestamp,
// now() -> date('now'). MySQL: $N -> ?, bytea -> blob, timestamptz -> datetime(3), text ->
// varchar(384), keys/groups back-quoted, Go's zero time -> '1000-01-01 00:00:00'. Postgres: unchanged.
std::string translate(Flavor flavor, std::string_view statement);

// The statement that records a finished migration, in Postgres syntax ($1 = its number).
inline constexpr std::string_view kRecordMigration = "insert into migrations (num, at) values ($1, now());";
inline constexpr std::string_view kCreateMigrationsTable =
    "create table if not exists migrations (num integer not null, at timestamptz not null);";
inline constexpr std::string_view kMaxMigration = "select max(num) from migrations;";

}  // namespace dexcc::storage::sql
