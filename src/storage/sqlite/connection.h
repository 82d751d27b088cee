// A thin RAII layer over one sqlite3 connection: cached statements, typed binding and reading in
// go-sqlite3's value shapes, and SQLite failures turned into storage::Error values.
//
// A Connection is not thread-safe; SqliteStorage hands each one to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/entities.h"
#include "storage/error.h"
#include "storage/sql/columns.h"

namespace dexcc::storage::sqlite {

class Query;

class Connection {
 public:
  // `flags` are sqlite3_open_v2's; the busy timeout makes lock waits (another process writing)
  // block instead of failing with "database is locked".
  static Result<std::unique_ptr<Connection>> open(const std::string& filename, int flags,
                                                  std::chrono::milliseconds busy_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL without parameters or results (pragmas, DDL, BEGIN/COMMIT/ROLLBACK).
  Result<void> exec(const std::string& sql, std::string_view what);
  // The prepared statement for `sql` (prepared once per connection), ready to bind.
  Result<Query> query(const std::string& sql, std::string_view what);
  // Rows changed by the last insert/update/delete.
  int64_t changes() const;

  // `rc` and this connection's last message as an Error naming the operation; a unique
  // constraint failure becomes kAlreadyExists.
  Error error(int rc, std::string_view what) const;
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// A reader of one result row, column by column in order (sql::Columns over sqlite3).
class Row final : public sql::Columns {
 public:
  Row(sqlite3_stmt* stmt, std::string_view what) : stmt_(stmt), what_(what) {}

  std::string text() override;                      // TEXT or BLOB as bytes; NULL gives ""
  int64_t integer() override;                       // NULL gives 0
  bool boolean() override;                          // 0/1 integers, as go-sqlite3 writes Go bools
  std::optional<bool> optional_boolean() override;  // NULL gives nullopt
  Time time() override;                             // go-sqlite3 timestamp text (or unix seconds/ms)

 private:
  sqlite3_stmt* stmt_;
  std::string_view what_;
  int col_ = 0;
};

// One use of a cached statement: bind parameters in order, then step. Resets the statement when
// it goes out of scope, so no connection keeps a read snapshot open between calls.
class Query final : public sql::Params {
 public:
  Query(Connection& conn, sqlite3_stmt* stmt, std::string_view what)
      : conn_(&conn), stmt_(stmt), what_(what) {}
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  ~Query() override;

  void text(std::string_view v) override;
  void bytes(std::string_view v) override;  // BLOB, or NULL when empty
  void blob(std::string_view v) override;   // always a BLOB
  void integer(int64_t v) override;
  void boolean(bool v) override;
  void optional_boolean(std::optional<bool> v) override;
  void time(Time t) override;  // go-sqlite3's text form, UTC

  // Advances to the next row: true when one is ready to read with row().
  Result<bool> step();
  // Steps to completion (insert/update/delete).
  Result<void> run();
  Row row() const { return Row(stmt_, what_); }

 private:
  int next_param();
  void check(int rc);

  Connection* conn_;
  sqlite3_stmt* stmt_;
  std::string_view what_;
  int param_ = 0;
  int bind_error_ = SQLITE_OK;
};

}  // namespace dexcc::storage::sqlite
