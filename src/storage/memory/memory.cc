// Memory backend: one generic Table per entity, all guarded by one mutex, as dex's memory storage.
#include "storage/memory/memory.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "base/text.h"

namespace dexcc::storage::memory {
namespace {

// Records by key. Updates restore the key fields of the updater's result (`fix_key`), since an
// update never moves a record.
template <class Key, class T>
class Table {
 public:
  Result<void> create(Key key, const T& value) {
    if (!rows_.emplace(std::move(key), value).second) return already_exists();
    return {};
  }
  Result<T> get(const Key& key) const {
    auto it = rows_.find(key);
    if (it == rows_.end()) return not_found();
    return it->second;
  }
  std::vector<T> list() const {
    std::vector<T> out;
    out.reserve(rows_.size());
    for (const auto& [k, v] : rows_) out.push_back(v);
    return out;
  }
  template <class FixKey>
  Result<void> update(const Key& key, const Updater<T>& fn, FixKey fix_key) {
    auto it = rows_.find(key);
    if (it == rows_.end()) return not_found();
    auto next = fn(it->second);
    if (!next) return std::unexpected(next.error());
    fix_key(*next, it->second);
    it->second = std::move(*next);
    return {};
  }
  Result<void> remove(const Key& key) {
    if (rows_.erase(key) == 0) return not_found();
    return {};
  }
  int64_t remove_expired(Time now) {
    return static_cast<int64_t>(std::erase_if(rows_, [&](const auto& kv) { return kv.second.expiry < now; }));
  }

 private:
  std::map<Key, T> rows_;
};

using SessionKey = std::pair<std::string, std::string>;

class MemoryStorage final : public Storage {
 public:
  // ClientStore
  Result<void> create_client(const Client& c) override {
    return locked([&] { return clients_.create(c.id, c); });
  }
  Result<Client> get_client(std::string_view id) override {
    return locked([&] { return clients_.get(std::string(id)); });
  }
  Result<std::vector<Client>> list_clients() override {
    return locked([&] { return Result<std::vector<Client>>(clients_.list()); });
  }
  Result<void> update_client(std::string_view id, const Updater<Client>& fn) override {
    return locked([&] {
      return clients_.update(std::string(id), fn, [](Client& n, const Client& o) { n.id = o.id; });
    });
  }
  Result<void> delete_client(std::string_view id) override {
    return locked([&] { return clients_.remove(std::string(id)); });
  }

  // AuthRequestStore
  Result<void> create_auth_request(const AuthRequest& a) override {
    return locked([&] { return auth_requests_.create(a.id, a); });
  }
  Result<AuthRequest> get_auth_request(std::string_view id) override {
    return locked([&] { return auth_requests_.get(std::string(id)); });
  }
  Result<void> update_auth_request(std::string_view id, const Updater<AuthRequest>& fn) override {
    return locked([&] {
      return auth_requests_.update(std::string(id), fn,
                                   [](AuthRequest& n, const AuthRequest& o) { n.id = o.id; });
    });
  }
  Result<void> delete_auth_request(std::string_view id) override {
    return locked([&] { return auth_requests_.remove(std::string(id)); });
  }

  // AuthCodeStore
  Result<void> create_auth_code(const AuthCode& a) override {
    return locked([&] { return auth_codes_.create(a.id, a); });
  }
  Result<AuthCode> get_auth_code(std::string_view id) override {
    return locked([&] { return auth_codes_.get(std::string(id)); });
  }
  Result<void> delete_auth_code(std::string_view id) override {
    return locked([&] { return auth_codes_.remove(std::string(id)); });
  }

  // RefreshStore
  Result<void> create_refresh_token(const RefreshToken& t) override {
    return locked([&] { return refresh_tokens_.create(t.id, t); });
  }
  Result<RefreshToken> get_refresh_token(std::string_view id) override {
    return locked([&] { return refresh_tokens_.get(std::string(id)); });
  }
  Result<std::vector<RefreshToken>> list_refresh_tokens() override {
    return locked([&] { return Result<std::vector<RefreshToken>>(refresh_tokens_.list()); });
  }
  Result<void> update_refresh_token(std::string_view id, const Updater<RefreshToken>& fn) override {
    return locked([&] {
      return refresh_tokens_.update(std::string(id), fn,
                                    [](RefreshToken& n, const RefreshToken& o) { n.id = o.id; });
    });
  }
  Result<void> delete_refresh_token(std::string_view id) override {
    return locked([&] { return refresh_tokens_.remove(std::string(id)); });
  }

  // OfflineSessionStore
  Result<void> create_offline_sessions(const OfflineSessions& s) override {
    return locked([&] { return offline_sessions_.create({s.user_id, s.conn_id}, s); });
  }
  Result<OfflineSessions> get_offline_sessions(std::string_view user_id, std::string_view conn_id) override {
    return locked([&] { return offline_sessions_.get(session_key(user_id, conn_id)); });
  }
  Result<void> update_offline_sessions(std::string_view user_id, std::string_view conn_id,
                                       const Updater<OfflineSessions>& fn) override {
    return locked([&] {
      return offline_sessions_.update(session_key(user_id, conn_id), fn,
                                      [](OfflineSessions& n, const OfflineSessions& o) {
                                        n.user_id = o.user_id;
                                        n.conn_id = o.conn_id;
                                      });
    });
  }
  Result<void> delete_offline_sessions(std::string_view user_id, std::string_view conn_id) override {
    return locked([&] { return offline_sessions_.remove(session_key(user_id, conn_id)); });
  }

  // Under the one lock: the token is updated, and put back as it was when the session update fails.
  // The token updater refreshes upstream, and an upstream may read this storage (the local
  // connector looks its password up), so it runs without the lock, on the records as read; the
  // result is written only when neither record changed meanwhile, else it runs again. Holding the
  // lock around it deadlocked a refresh of a password created over the API, as it does in dex.
  Result<void> update_refresh_token_and_offline_sessions(std::string_view id, const RefreshUpdater& token_fn,
                                                         std::string_view user_id, std::string_view conn_id,
                                                         const Updater<OfflineSessions>& session_fn) override {
    const std::string token_key(id);
    const auto key = session_key(user_id, conn_id);
    for (int attempt = 0; attempt < kMaxOptimisticAttempts; ++attempt) {
      auto [before, session] =
          locked([&] { return std::pair(refresh_tokens_.get(token_key), offline_sessions_.get(key)); });
      if (!before) return std::unexpected(before.error());
      if (!session) return std::unexpected(session.error());
      auto updated = token_fn(*before, *session);
      if (!updated) return std::unexpected(updated.error());
      updated->id = before->id;
      auto written = locked([&]() -> std::optional<Result<void>> {
        auto token_now = refresh_tokens_.get(token_key);
        auto session_now = offline_sessions_.get(key);
        if (!token_now || !session_now || *token_now != *before || *session_now != *session)
          return std::nullopt;
        auto new_session = session_fn(*session);
        if (!new_session) return Result<void>(std::unexpected(new_session.error()));
        new_session->user_id = session->user_id;
        new_session->conn_id = session->conn_id;
        (void)refresh_tokens_.update(
            token_key, [&](RefreshToken) -> Result<RefreshToken> { return *updated; },
            [](RefreshToken&, const RefreshToken&) {});
        (void)offline_sessions_.update(
            key, [&](OfflineSessions) -> Result<OfflineSessions> { return *new_session; },
            [](OfflineSessions&, const OfflineSessions&) {});
        return Result<void>();
      });
      if (written) return *written;
    }
    return fail(ErrorKind::kConflict, "refresh token changed concurrently too often");
  }

  // PasswordStore: keyed by the lower-cased email.
  Result<void> create_password(const Password& p) override {
    Password lowered = p;
    lowered.email = base::go_to_lower(p.email);
    return locked([&] { return passwords_.create(lowered.email, lowered); });
  }
  Result<Password> get_password(std::string_view email) override {
    return locked([&] { return passwords_.get(base::go_to_lower(email)); });
  }
  Result<std::vector<Password>> list_passwords() override {
    return locked([&] { return Result<std::vector<Password>>(passwords_.list()); });
  }
  Result<void> update_password(std::string_view email, const Updater<Password>& fn) override {
    return locked([&] {
      return passwords_.update(base::go_to_lower(email), fn,
                               [](Password& n, const Password& o) { n.email = o.email; });
    });
  }
  Result<void> delete_password(std::string_view email) override {
    return locked([&] { return passwords_.remove(base::go_to_lower(email)); });
  }

  // ConnectorStore
  Result<void> create_connector(const Connector& c) override {
    return locked([&] { return connectors_.create(c.id, c); });
  }
  Result<Connector> get_connector(std::string_view id) override {
    return locked([&] { return connectors_.get(std::string(id)); });
  }
  Result<std::vector<Connector>> list_connectors() override {
    return locked([&] { return Result<std::vector<Connector>>(connectors_.list()); });
  }
  Result<void> update_connector(std::string_view id, const Updater<Connector>& fn) override {
    return locked([&] {
      return connectors_.update(std::string(id), fn, [](Connector& n, const Connector& o) { n.id = o.id; });
    });
  }
  Result<void> delete_connector(std::string_view id) override {
    return locked([&] { return connectors_.remove(std::string(id)); });
  }

  // KeyStore
  Result<Keys> get_keys() override {
    return locked([&] { return Result<Keys>(keys_); });
  }
  Result<void> update_keys(const Updater<Keys>& fn) override {
    return locked([&]() -> Result<void> {
      auto next = fn(keys_);
      if (!next) return std::unexpected(next.error());
      keys_ = std::move(*next);
      return {};
    });
  }

  // DeviceRequestStore
  Result<void> create_device_request(const DeviceRequest& d) override {
    return locked([&] { return device_requests_.create(d.user_code, d); });
  }
  Result<DeviceRequest> get_device_request(std::string_view user_code) override {
    return locked([&] { return device_requests_.get(std::string(user_code)); });
  }

  // DeviceTokenStore
  Result<void> create_device_token(const DeviceToken& d) override {
    return locked([&] { return device_tokens_.create(d.device_code, d); });
  }
  Result<DeviceToken> get_device_token(std::string_view device_code) override {
    return locked([&] { return device_tokens_.get(std::string(device_code)); });
  }
  Result<void> update_device_token(std::string_view device_code, const Updater<DeviceToken>& fn) override {
    return locked([&] {
      return device_tokens_.update(std::string(device_code), fn, [](DeviceToken& n, const DeviceToken& o) {
        n.device_code = o.device_code;
      });
    });
  }

  // GarbageStore
  Result<GcResult> garbage_collect(Time now) override {
    return locked([&] {
      GcResult r;
      r.auth_requests = auth_requests_.remove_expired(now);
      r.auth_codes = auth_codes_.remove_expired(now);
      r.device_requests = device_requests_.remove_expired(now);
      r.device_tokens = device_tokens_.remove_expired(now);
      return Result<GcResult>(r);
    });
  }

 private:
  template <class F>
  auto locked(F&& fn) -> decltype(fn()) {
    std::lock_guard lock(mu_);
    return fn();
  }

  static SessionKey session_key(std::string_view user_id, std::string_view conn_id) {
    return {std::string(user_id), std::string(conn_id)};
  }

  // Retries of an optimistic update before it gives up with kConflict (only concurrent refreshes of
  // one token compete, so a few suffice).
  static constexpr int kMaxOptimisticAttempts = 64;

  std::mutex mu_;
  Table<std::string, Client> clients_;
  Table<std::string, AuthRequest> auth_requests_;
  Table<std::string, AuthCode> auth_codes_;
  Table<std::string, RefreshToken> refresh_tokens_;
  Table<SessionKey, OfflineSessions> offline_sessions_;
  Table<std::string, Password> passwords_;
  Table<std::string, Connector> connectors_;
  Keys keys_;
  Table<std::string, DeviceRequest> device_requests_;
  Table<std::string, DeviceToken> device_tokens_;
};

}  // namespace

std::unique_ptr<Storage> open() {
  return std::make_unique<MemoryStorage>();
}

}  // namespace dexcc::storage::memory
