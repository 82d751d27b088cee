// dex's migration list per flavour and the Postgres-to-SQLite statement rewriting.
#include "storage/sql/migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/sql/tables.h"

namespace dexcc::storage::sql {
namespace {

TEST(SqlMigrations, RewritesForSqlite) {
  EXPECT_EQ(translate(Flavor::kSqlite3, "insert into t (a, b) values ($1, $12);"),
            "insert into t (a, b) values (?, ?);");
  EXPECT_EQ(translate(Flavor::kSqlite3,
                      "create table x (b boolean not null default false, c bytea, t timestamptz);"),
            "create table x (b integer not null default 0, c blob, t timestamp);");
  EXPECT_EQ(translate(Flavor::kSqlite3, "insert into migrations (num, at) values ($1, now());"),
            "insert into migrations (num, at) values (?, date('now'));");
  // Whole words only.
  EXPECT_EQ(translate(Flavor::kSqlite3, "select truely, byteas from t"), "select truely, byteas from t");
  EXPECT_EQ(translate(Flavor::kPostgres, "values ($1, now())"), "values ($1, now())");
}

TEST(SqlMigrations, PerFlavourNumbering) {
  auto sqlite = migrations_for(Flavor::kSqlite3);
  auto postgres = migrations_for(Flavor::kPostgres);
  ASSERT_EQ(sqlite.size(), 13u);  // dex v2.45.1's sqlite3 count
  EXPECT_EQ(postgres.size(), 13u);
  // The MySQL-only 7th migration is skipped: SQLite's 7th creates the device tables.
  EXPECT_NE(sqlite[6][0].find("create table device_request"), std::string::npos);
  EXPECT_NE(sqlite[12][1].find("add column email_verified integer"), std::string::npos);
  EXPECT_NE(postgres[11][1].find("convert_to('[]', 'UTF8')"), std::string::npos);
  // MySQL keeps its 7th migration and has dex's 14.
  auto mysql = migrations_for(Flavor::kMysql);
  ASSERT_EQ(mysql.size(), 14u);
  EXPECT_EQ(mysql[6][0], "alter table auth_request modify column state varchar(4096);");
  EXPECT_EQ(mysql[12][3], "alter table password modify column `groups` blob not null;");
}

TEST(SqlMigrations, MysqlTranslation) {
  EXPECT_EQ(translate(Flavor::kMysql, "create table keys (id text not null, verification_keys bytea, "
                                      "t timestamptz default '0001-01-01 00:00:00 UTC');"),
            "create table `keys` (id varchar(384) not null, verification_keys blob, "
            "t datetime(3) default '1000-01-01 00:00:00');");
  EXPECT_EQ(translate(Flavor::kMysql, "update password set groups = $1 where email = $2;"),
            "update password set `groups` = ? where email = ?;");
}

TEST(SqlTables, Statements) {
  EXPECT_EQ(
      insert_statement(offline_session_table()),
      "insert into offline_session (refresh, connector_data, user_id, conn_id) values ($1, $2, $3, $4);");
  EXPECT_EQ(select_statement(offline_session_table(), true),
            "select refresh, connector_data, user_id, conn_id from offline_session where user_id = $1 and "
            "conn_id = $2;");
  EXPECT_EQ(
      update_statement(offline_session_table()),
      "update offline_session set refresh = $1, connector_data = $2 where user_id = $3 and conn_id = $4;");
  EXPECT_EQ(delete_statement(connector_table()), "delete from connector where id = $1;");
  EXPECT_EQ(delete_expired_statement("auth_code"), "delete from auth_code where expiry < $1;");
}

}  // namespace
}  // namespace dexcc::storage::sql
