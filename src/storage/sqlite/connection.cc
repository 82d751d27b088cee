// sqlite3 C API calls behind Connection/Query/Row, and the mapping of result codes to errors.
#include "storage/sqlite/connection.h"

#include <fmt/format.h>

#include "base/time_format.h"
#include "storage/sql/encoding.h"

namespace dexcc::storage::sqlite {
namespace {

// SQLite keeps memory statistics by default, and so takes one process-wide mutex around every
// allocation it makes; the worker threads queued on it under load (futex waits in a refresh
// profile). dexcc reads no statistics. Must run before SQLite initialises (the first open).
void configure_library_once() {
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;  // SQLITE_MISUSE when another user of the library initialised it first
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::string& filename, int flags,
                                                     std::chrono::milliseconds busy_timeout) {
  configure_library_once();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(filename.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return fail(fmt::format("sqlite3: open {}: {}", filename, msg));
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<void> Connection::exec(const std::string& sql, std::string_view what) {
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, what));
  return {};
}

Result<Query> Connection::query(const std::string& sql, std::string_view what) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(error(rc, what));
    it = statements_.emplace(sql, stmt).first;
  }
  return Query(*this, it->second, what);
}

int64_t Connection::changes() const {
  return sqlite3_changes64(db_);
}

Error Connection::error(int rc, std::string_view what) const {
  int primary = rc & 0xFF;
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
    return Error{ErrorKind::kAlreadyExists, "ID already exists"};
  }
  std::string detail = sqlite3_errmsg(db_);
  // sqlite3_errmsg can lag behind the code on some paths; prefer the code's own text then.
  if (sqlite3_errcode(db_) != rc) detail = sqlite3_errstr(rc);
  std::string hint;
  if (primary == SQLITE_NOTADB) hint = " (the file is not an SQLite database, or it is encrypted or corrupt)";
  if (primary == SQLITE_CORRUPT) hint = " (the database file is damaged; restore it from a backup)";
  if (primary == SQLITE_FULL) hint = " (no space left for the database)";
  if (primary == SQLITE_READONLY) hint = " (the database file or its folder is not writable)";
  return Error{ErrorKind::kOther, fmt::format("sqlite3: {}: {}{}", what, detail, hint)};
}

Query::Query(Query&& other) noexcept
    : conn_(other.conn_),
      stmt_(other.stmt_),
      what_(other.what_),
      param_(other.param_),
      bind_error_(other.bind_error_) {
  other.stmt_ = nullptr;
}

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Query::next_param() {
  return ++param_;
}

void Query::check(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void Query::text(std::string_view v) {
  check(sqlite3_bind_text64(stmt_, next_param(), v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Query::bytes(std::string_view v) {
  int i = next_param();
  if (v.empty()) {
    check(sqlite3_bind_null(stmt_, i));
  } else {
    check(sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT));
  }
}

void Query::blob(std::string_view v) {
  check(sqlite3_bind_blob64(stmt_, next_param(), v.data(), v.size(), SQLITE_TRANSIENT));
}

void Query::integer(int64_t v) {
  check(sqlite3_bind_int64(stmt_, next_param(), v));
}

void Query::boolean(bool v) {
  integer(v ? 1 : 0);
}

void Query::optional_boolean(std::optional<bool> v) {
  if (v) {
    boolean(*v);
  } else {
    check(sqlite3_bind_null(stmt_, next_param()));
  }
}

void Query::time(Time t) {
  text(base::format_sqlite_time(t));
}

Result<bool> Query::step() {
  if (bind_error_ != SQLITE_OK) return std::unexpected(conn_->error(bind_error_, what_));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(conn_->error(rc, what_));
}

Result<void> Query::run() {
  for (;;) {
    auto more = step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return {};
  }
}

std::string Row::text() {
  int i = col_++;
  const void* p = sqlite3_column_type(stmt_, i) == SQLITE_BLOB
                      ? sqlite3_column_blob(stmt_, i)
                      : static_cast<const void*>(sqlite3_column_text(stmt_, i));
  int n = sqlite3_column_bytes(stmt_, i);
  if (p == nullptr || n <= 0) return std::string();
  return std::string(static_cast<const char*>(p), static_cast<size_t>(n));
}

int64_t Row::integer() {
  return sqlite3_column_int64(stmt_, col_++);
}

bool Row::boolean() {
  return integer() != 0;
}

std::optional<bool> Row::optional_boolean() {
  if (sqlite3_column_type(stmt_, col_) == SQLITE_NULL) {
    ++col_;
    return std::nullopt;
  }
  return boolean();
}

Time Row::time() {
  int i = col_;
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_INTEGER: {
      // go-sqlite3 reads integers in timestamp columns as unix seconds, or milliseconds when that
      // large.
      int64_t v = integer();
      if (v > 1'000'000'000'000 || v < -1'000'000'000'000) return Time(std::chrono::milliseconds(v));
      return Time(std::chrono::seconds(v));
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
      // Text go-sqlite3 cannot parse reads as Go's zero time there too (e.g. the migration
      // default '0001-01-01 00:00:00 UTC').
      auto t = base::parse_sqlite_time(text());
      return t ? *t : kZeroTime;
    }
    default:
      ++col_;
      return kZeroTime;
  }
}

}  // namespace dexcc::storage::sqlite
