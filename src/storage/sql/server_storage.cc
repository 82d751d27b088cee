// CRUD over dex's tables on a database server: generic statements driven by Codec<T>, row locks
// for read-modify-write, and the bounded whole-transaction retry (see server_storage.h).
#include "storage/sql/server_storage.h"

#include <initializer_list>
#include <optional>

#include "base/log.h"
#include "storage/sql/codecs.h"
#include "storage/sql/keyed_storage.h"
#include "storage/sql/tables.h"

namespace dexcc::storage::sql {
namespace {


// Attempts per operation. A retry happens only after a deadlock, a duplicate first insert of the
// keys row, or a connection lost before COMMIT; under row locks these are rare, so a handful is
// ample, and the bound keeps a broken server from holding a request for long.
constexpr int kMaxAttempts = 5;

std::string without_semicolon(std::string s) {
  while (!s.empty() && (s.back() == ';' || s.back() == ' ')) s.pop_back();
  return s;
}

// The statements of one table in the flavour's syntax, generated once per flavour.
struct TableSql {
  TableSql(Flavor f, const Table& t)
      : insert(translate(f, insert_statement(t))),
        select_one(translate(f, select_statement(t, true))),
        // Locks the row until the transaction ends: the read of a read-modify-write.
        select_for_update(translate(f, without_semicolon(select_statement(t, true)) + " for update;")),
        select_all(translate(f, select_statement(t, false))),
        update(translate(f, update_statement(t))),
        remove(translate(f, delete_statement(t))) {}
  std::string insert, select_one, select_for_update, select_all, update, remove;
};

template <class T>
const TableSql& table_sql(Flavor f) {
  static const TableSql kSql[] = {TableSql(Flavor::kPostgres, Codec<T>::table()),
                                  TableSql(Flavor::kSqlite3, Codec<T>::table()),
                                  TableSql(Flavor::kMysql, Codec<T>::table())};
  return kSql[static_cast<int>(f)];
}

template <class T>
Result<T> read_row(Statement& q) {
  T value = Codec<T>::read(q.columns());
  if (q.columns().error()) return std::unexpected(*q.columns().error());
  return value;
}

class ServerStorage final : public KeyedStorage<ServerStorage> {
 public:
  ServerStorage(Flavor flavor, std::unique_ptr<Pool> pool) : flavor_(flavor), pool_(std::move(pool)) {}

  // Locks the session row, then the token row: the one place two rows are locked, always in this
  // order, so rotations cannot deadlock each other.
  Result<void> update_refresh_token_and_offline_sessions(std::string_view id, const RefreshUpdater& token_fn,
                                                         std::string_view user_id, std::string_view conn_id,
                                                         const Updater<OfflineSessions>& session_fn) override {
    return transaction([&](Conn& c) -> Result<void> {
      auto session = select_row<OfflineSessions>(c, {user_id, conn_id}, true);
      if (!session) return std::unexpected(session.error());
      const Updater<RefreshToken> with_session = [&](RefreshToken old) { return token_fn(std::move(old), *session); };
      if (auto r = update_in_tx<RefreshToken>(c, {id}, with_session); !r) return r;
      auto next = session_fn(std::move(*session));
      if (!next) return std::unexpected(next.error());
      return update_row(c, *next, {user_id, conn_id});
    });
  }

  // KeyStore: replicas that find the keys row absent together both try the insert; the loser's duplicate key reruns its transaction, which
  // then locks and sees the winner's row, so a rotation happens once across replicas.
  Result<void> update_keys(const Updater<Keys>& fn) override {
    for (int attempt = 1;; ++attempt) {
      auto r = transaction([&](Conn& c) -> Result<void> {
        auto old = select_row<Keys>(c, {kKeysRowId}, true);
        bool first = !old && old.error().not_found();
        if (!old && !first) return std::unexpected(old.error());
        auto next = fn(first ? Keys{} : *old);
        if (!next) return std::unexpected(next.error());
        return first ? insert_row(c, *next, {kKeysRowId}) : update_row(c, *next, {kKeysRowId});
      });
      if (r || !r.error().already_exists() || attempt >= kMaxAttempts) return r;
    }
  }

  // GarbageStore: one delete per table, each its own statement, so replicas collecting at once
  // simply find fewer rows (a delete of rows another replica deleted is not an error).
  Result<GcResult> garbage_collect(Time now) override {
    GcResult result;
    for (auto [table, count] :
         {std::pair{"auth_request", &result.auth_requests}, std::pair{"auth_code", &result.auth_codes},
          std::pair{"device_request", &result.device_requests}, std::pair{"device_token", &result.device_tokens}}) {
      auto r = transaction([&](Conn& c) -> Result<void> {
        auto q = c.prepare(translate(flavor_, delete_expired_statement(table)), "garbage collection");
        if (!q) return std::unexpected(q.error());
        (*q)->params().time(now);
        if (auto e = (*q)->execute(); !e) return e;
        *count = (*q)->affected();
        return {};
      });
      if (!r) return std::unexpected(r.error());
    }
    return result;
  }

 private:
  friend class KeyedStorage<ServerStorage>;

  template <class T>
  Result<void> insert_row(Conn& c, const T& value, Key key) {
    auto q = c.prepare(table_sql<T>(flavor_).insert, "insert");
    if (!q) return std::unexpected(q.error());
    if (auto b = Codec<T>::bind((*q)->params(), value); !b) return b;
    for (auto k : key) (*q)->params().text(k);
    return (*q)->execute();
  }

  template <class T>
  Result<T> select_row(Conn& c, Key key, bool for_update) {
    const auto& s = table_sql<T>(flavor_);
    auto q = c.prepare(for_update ? s.select_for_update : s.select_one, "select");
    if (!q) return std::unexpected(q.error());
    for (auto k : key) (*q)->params().text(k);
    if (auto e = (*q)->execute(); !e) return std::unexpected(e.error());
    auto more = (*q)->next();
    if (!more) return std::unexpected(more.error());
    if (!*more) return not_found();
    return read_row<T>(**q);
  }

  template <class T>
  Result<std::vector<T>> select_rows(Conn& c) {
    auto q = c.prepare(table_sql<T>(flavor_).select_all, "list");
    if (!q) return std::unexpected(q.error());
    if (auto e = (*q)->execute(); !e) return std::unexpected(e.error());
    std::vector<T> out;
    for (;;) {
      auto more = (*q)->next();
      if (!more) return std::unexpected(more.error());
      if (!*more) return out;
      auto value = read_row<T>(**q);
      if (!value) return std::unexpected(value.error());
      out.push_back(std::move(*value));
    }
  }

  template <class T>
  Result<void> update_row(Conn& c, const T& value, Key key) {
    auto q = c.prepare(table_sql<T>(flavor_).update, "update");
    if (!q) return std::unexpected(q.error());
    if (auto b = Codec<T>::bind((*q)->params(), value); !b) return b;
    for (auto k : key) (*q)->params().text(k);
    return (*q)->execute();
  }

  // Read (locking the row), update and write one record inside the caller's transaction.
  template <class T>
  Result<void> update_in_tx(Conn& c, Key key, const Updater<T>& fn) {
    auto old = select_row<T>(c, key, true);
    if (!old) return std::unexpected(old.error());
    auto next = fn(std::move(*old));
    if (!next) return std::unexpected(next.error());
    return update_row(c, *next, key);
  }

  template <class T>
  Result<void> create(const T& value, Key key) {
    return transaction([&](Conn& c) { return insert_row(c, value, key); });
  }

  template <class T>
  Result<T> get(Key key) {
    return single([&](Conn& c) { return select_row<T>(c, key, false); });
  }

  template <class T>
  Result<std::vector<T>> list() {
    return single([&](Conn& c) { return select_rows<T>(c); });
  }

  template <class T>
  Result<void> update(Key key, const Updater<T>& fn) {
    return transaction([&](Conn& c) { return update_in_tx<T>(c, key, fn); });
  }

  template <class T>
  Result<void> remove(Key key) {
    return transaction([&](Conn& c) -> Result<void> {
      auto q = c.prepare(table_sql<T>(flavor_).remove, "delete");
      if (!q) return std::unexpected(q.error());
      for (auto k : key) (*q)->params().text(k);
      if (auto e = (*q)->execute(); !e) return e;
      if ((*q)->affected() == 0) return not_found();
      return {};
    });
  }

  // A read outside any transaction (autocommit); rerun once on a fresh connection when the pooled
  // one turns out dead (the server restarted while it sat idle).
  template <class F>
  auto single(F&& fn) -> decltype(fn(std::declval<Conn&>())) {
    for (int attempt = 1;; ++attempt) {
      auto lease = pool_->acquire();
      if (!lease) return std::unexpected(lease.error());
      auto r = fn(**lease);
      if (r || (*lease)->last_failure() != Failure::kBroken || attempt >= 2) return r;
    }
  }

  // Runs `fn` in one transaction. On a deadlock or serialization failure, or a connection lost
  // before COMMIT was sent, the transaction is rolled back (or abandoned with its connection) and
  // run again from the start, `fn` included (updaters may run more than once). A connection lost
  // during COMMIT is not retried: the write may have landed, and a second run could apply a
  // compare-and-swap twice; the caller gets the error.
  template <class F>
  auto transaction(F&& fn) -> decltype(fn(std::declval<Conn&>())) {
    for (int attempt = 1;; ++attempt) {
      auto lease = pool_->acquire();
      if (!lease) return std::unexpected(lease.error());
      Conn& c = **lease;
      auto again = [&](Failure f) {
        return (f == Failure::kRetry || f == Failure::kBroken) && attempt < kMaxAttempts;
      };
      if (auto b = c.exec("begin", "begin"); !b) {
        if (again(c.last_failure())) continue;
        return std::unexpected(b.error());
      }
      auto result = fn(c);
      if (!result) {
        Failure f = c.last_failure();
        if (f != Failure::kBroken) (void)c.exec("rollback", "rollback");
        if (again(f)) {
          if (f == Failure::kRetry) log::debug("sql transaction retried after a conflict", {{"attempt", attempt}});
          continue;
        }
        return result;
      }
      if (auto e = c.exec("commit", "commit"); !e) {
        // A serialization failure at commit is a refusal (nothing written); a lost connection is not.
        if (c.last_failure() == Failure::kRetry && attempt < kMaxAttempts) continue;
        return std::unexpected(e.error());
      }
      return result;
    }
  }

  Flavor flavor_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace

std::unique_ptr<Storage> make_server_storage(Flavor flavor, std::unique_ptr<Pool> pool) {
  return std::make_unique<ServerStorage>(flavor, std::move(pool));
}

}  // namespace dexcc::storage::sql
