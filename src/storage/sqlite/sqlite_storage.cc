// CRUD over dex's tables: generic insert/select/update/delete driven by sql::Codec<T>, writes
// serialised on one connection through GroupCommit (updates read and write in one transaction),
// reads on a pool of read-only connections.
#include "storage/sqlite/sqlite_storage.h"

#include <condition_variable>
#include <initializer_list>
#include <mutex>
#include <optional>

#include "storage/sql/migrations.h"
#include "storage/sql/codecs.h"
#include "storage/sql/keyed_storage.h"
#include "storage/sqlite/group_commit.h"

namespace dexcc::storage::sqlite {
namespace {

using sql::Key;

// Writes that may share one COMMIT. A bound keeps the first writer of a long run from waiting
// behind an unbounded number of others.
constexpr size_t kMaxWritesPerCommit = 16;

// The statements of one table in SQLite syntax, generated once.
struct TableSql {
  explicit TableSql(const sql::Table& t)
      : insert(sql::translate(sql::Flavor::kSqlite3, sql::insert_statement(t))),
        select_one(sql::translate(sql::Flavor::kSqlite3, sql::select_statement(t, true))),
        select_all(sql::translate(sql::Flavor::kSqlite3, sql::select_statement(t, false))),
        update(sql::translate(sql::Flavor::kSqlite3, sql::update_statement(t))),
        remove(sql::translate(sql::Flavor::kSqlite3, sql::delete_statement(t))) {}
  std::string insert, select_one, select_all, update, remove;
};

template <class T>
const TableSql& table_sql() {
  static const TableSql kSql(sql::Codec<T>::table());
  return kSql;
}

template <class T>
Result<T> read_row(Query& q) {
  Row row = q.row();
  T value = sql::Codec<T>::read(row);
  if (row.error()) return std::unexpected(*row.error());
  return value;
}

template <class T>
Result<void> insert_row(Connection& c, const T& value, Key key) {
  auto q = c.query(table_sql<T>().insert, "insert");
  if (!q) return std::unexpected(q.error());
  if (auto b = sql::Codec<T>::bind(*q, value); !b) return b;
  for (auto k : key) q->text(k);
  return q->run();
}

template <class T>
Result<T> select_row(Connection& c, Key key) {
  auto q = c.query(table_sql<T>().select_one, "select");
  if (!q) return std::unexpected(q.error());
  for (auto k : key) q->text(k);
  auto more = q->step();
  if (!more) return std::unexpected(more.error());
  if (!*more) return not_found();
  return read_row<T>(*q);
}

template <class T>
Result<std::vector<T>> select_rows(Connection& c) {
  auto q = c.query(table_sql<T>().select_all, "list");
  if (!q) return std::unexpected(q.error());
  std::vector<T> out;
  for (;;) {
    auto more = q->step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return out;
    auto value = read_row<T>(*q);
    if (!value) return std::unexpected(value.error());
    out.push_back(std::move(*value));
  }
}

template <class T>
Result<void> update_row(Connection& c, const T& value, Key key) {
  auto q = c.query(table_sql<T>().update, "update");
  if (!q) return std::unexpected(q.error());
  if (auto b = sql::Codec<T>::bind(*q, value); !b) return b;
  for (auto k : key) q->text(k);
  return q->run();
}

template <class T>
Result<void> delete_row(Connection& c, Key key) {
  auto q = c.query(table_sql<T>().remove, "delete");
  if (!q) return std::unexpected(q.error());
  for (auto k : key) q->text(k);
  if (auto r = q->run(); !r) return r;
  if (c.changes() == 0) return not_found();
  return {};
}

class SqliteStorage final : public sql::KeyedStorage<SqliteStorage> {
 public:
  SqliteStorage(std::unique_ptr<Connection> writer, std::vector<std::unique_ptr<Connection>> readers)
      : writer_(std::move(writer)),
        readers_(std::move(readers)),
        // Without read connections, reads go through the writer and must never wait behind writes.
        writes_(*writer_, readers_.empty() ? 1 : kMaxWritesPerCommit) {
    for (auto& r : readers_) free_readers_.push_back(r.get());
  }

  // One write transaction: a failure anywhere rolls both back.
  Result<void> update_refresh_token_and_offline_sessions(std::string_view id, const RefreshUpdater& token_fn,
                                                         std::string_view user_id, std::string_view conn_id,
                                                         const Updater<OfflineSessions>& session_fn) override {
    return write_tx([&](Connection& c) -> Result<void> {
      auto session = select_row<OfflineSessions>(c, {user_id, conn_id});
      if (!session) return std::unexpected(session.error());
      const Updater<RefreshToken> with_session = [&](RefreshToken old) { return token_fn(std::move(old), *session); };
      if (auto r = update_in_tx<RefreshToken>(c, {id}, with_session); !r) return r;
      auto next = session_fn(std::move(*session));
      if (!next) return std::unexpected(next.error());
      return update_row(c, *next, {user_id, conn_id});
    });
  }

  // KeyStore: the first update inserts the row.
  Result<void> update_keys(const Updater<Keys>& fn) override {
    return write_tx([&](Connection& c) -> Result<void> {
      auto old = select_row<Keys>(c, {sql::kKeysRowId});
      bool first = !old && old.error().not_found();
      if (!old && !first) return std::unexpected(old.error());
      auto next = fn(first ? Keys{} : *old);
      if (!next) return std::unexpected(next.error());
      return first ? insert_row(c, *next, {sql::kKeysRowId}) : update_row(c, *next, {sql::kKeysRowId});
    });
  }

  // GarbageStore
  Result<GcResult> garbage_collect(Time now) override {
    return write_tx([&](Connection& c) -> Result<GcResult> {
      GcResult result;
      for (auto [table, count] :
           {std::pair{"auth_request", &result.auth_requests}, std::pair{"auth_code", &result.auth_codes},
            std::pair{"device_request", &result.device_requests},
            std::pair{"device_token", &result.device_tokens}}) {
        auto q = c.query(sql::translate(sql::Flavor::kSqlite3, sql::delete_expired_statement(table)),
                         "garbage collection");
        if (!q) return std::unexpected(q.error());
        q->time(now);
        if (auto r = q->run(); !r) return std::unexpected(r.error());
        *count = c.changes();
      }
      return result;
    });
  }

 private:
  friend class sql::KeyedStorage<SqliteStorage>;

  template <class T>
  Result<void> create(const T& value, Key key) {
    return write_tx([&](Connection& c) { return insert_row(c, value, key); });
  }

  template <class T>
  Result<T> get(Key key) {
    return with_reader([&](Connection& c) { return select_row<T>(c, key); });
  }

  template <class T>
  Result<std::vector<T>> list() {
    return with_reader([&](Connection& c) { return select_rows<T>(c); });
  }

  template <class T>
  Result<void> update(Key key, const Updater<T>& fn) {
    return write_tx([&](Connection& c) { return update_in_tx<T>(c, key, fn); });
  }

  // Read, update and write one record inside the caller's write transaction.
  template <class T>
  Result<void> update_in_tx(Connection& c, Key key, const Updater<T>& fn) {
    auto old = select_row<T>(c, key);
    if (!old) return std::unexpected(old.error());
    auto next = fn(std::move(*old));
    if (!next) return std::unexpected(next.error());
    return update_row(c, *next, key);
  }

  template <class T>
  Result<void> remove(Key key) {
    return write_tx([&](Connection& c) { return delete_row<T>(c, key); });
  }

  // Runs `fn` in a write transaction taken up front (BEGIN IMMEDIATE), so the read inside sees the
  // value the write replaces even with another process writing. Its changes are kept when it
  // succeeds and the transaction carrying them commits (see GroupCommit), undone otherwise.
  template <class F>
  auto write_tx(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    std::optional<decltype(fn(std::declval<Connection&>()))> result;
    auto committed = writes_.run([&](Connection& c) {
      result.emplace(fn(c));
      return result->has_value();
    });
    if (result && !*result) return std::move(*result);
    if (!committed) return std::unexpected(committed.error());
    return std::move(*result);
  }

  template <class F>
  auto with_reader(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    if (readers_.empty()) {
      std::optional<decltype(fn(std::declval<Connection&>()))> result;
      writes_.read([&](Connection& c) { result.emplace(fn(c)); });
      return std::move(*result);
    }
    Connection* c;
    {
      std::unique_lock lock(pool_mu_);
      pool_cv_.wait(lock, [&] { return !free_readers_.empty(); });
      c = free_readers_.back();
      free_readers_.pop_back();
    }
    auto result = fn(*c);
    {
      std::lock_guard lock(pool_mu_);
      free_readers_.push_back(c);
    }
    pool_cv_.notify_one();
    return result;
  }

  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;
  GroupCommit writes_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> free_readers_;
};

}  // namespace

std::unique_ptr<Storage> make_storage(std::unique_ptr<Connection> writer,
                                      std::vector<std::unique_ptr<Connection>> readers) {
  return std::make_unique<SqliteStorage>(std::move(writer), std::move(readers));
}

}  // namespace dexcc::storage::sqlite
