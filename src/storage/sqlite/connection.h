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

// A reader of one result row, column by column in order. Decoding problems are kept as the first
// error, so a row is read straight through and checked once.
class Row {
 public:
  Row(sqlite3_stmt* stmt, std::string_view what) : stmt_(stmt), what_(what) {}

  std::string text();                      // TEXT or BLOB as bytes; NULL gives ""
  int64_t integer();                       // NULL gives 0
  bool boolean();                          // 0/1 integers, as go-sqlite3 writes Go bools
  std::optional<bool> optional_boolean();  // NULL gives nullopt
  Time time();                             // go-sqlite3 timestamp text (or unix seconds/ms)
  std::vector<std::string> string_list(std::string_view column);  // JSON; `null` gives {}
  // Records a decoding failure from a richer decoder.
  template <class T>
  T take(Result<T> r) {
    if (r) return std::move(*r);
    if (!error_) error_ = r.error();
    return T{};
  }
  const std::optional<Error>& error() const { return error_; }

 private:
  sqlite3_stmt* stmt_;
  std::string_view what_;
  int col_ = 0;
  std::optional<Error> error_;
};

// One use of a cached statement: bind parameters in order, then step. Resets the statement when
// it goes out of scope, so no connection keeps a read snapshot open between calls.
class Query {
 public:
  Query(Connection& conn, sqlite3_stmt* stmt, std::string_view what)
      : conn_(&conn), stmt_(stmt), what_(what) {}
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  ~Query();

  void text(std::string_view v);
  void bytes(std::string_view v);  // raw bytes column: BLOB, or NULL when empty (Go nil []byte)
  void blob(
      std::string_view v);  // always a BLOB, even empty: JSON columns (dex binds []byte) and NOT NULL bytes
  void integer(int64_t v);
  void boolean(bool v);
  void optional_boolean(std::optional<bool> v);
  void time(Time t);  // go-sqlite3's text form, UTC

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
