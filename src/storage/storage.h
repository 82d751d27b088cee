// The storage module: dex's persistence contract, split into one small interface per entity.
//
// storage/ keeps every piece of server state (reference dex-server.md §7) behind `Storage`, which
// backends implement (memory, sqlite3; postgres, mysql, etcd, kubernetes later) and one
// conformance suite tests (tests/storage/). It knows nothing of HTTP, tokens or connectors.
// Consumers hold only the per-entity interface they need (a refresh grant takes `RefreshStore&`),
// so their constructor shows their whole reach.
//
// The rules, in dex's voice:
//   * Create fails with kAlreadyExists when the key is taken.
//   * Get, update and delete fail with kNotFound when there is nothing under the key.
//   * Update is an atomic compare-and-swap: the updater sees the current value and returns the new
//     one, or an error, which aborts the update with nothing written (the error is returned as is).
//     The updater may be called more than once and must not call back into the same storage
//     (backends hold their write lock while it runs). An update never changes the key: key fields of the
//     returned value are ignored. Concurrent updates of one record never lose one.
//   * Emails are case-insensitive: passwords are stored, looked up, updated and deleted by the
//     lower-cased email.
//   * Times are UTC.
//   * Every method is thread-safe. No exception crosses this interface.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "storage/entities.h"
#include "storage/error.h"

namespace dexcc::storage {

// Returns the new value of a record, or an error that aborts the update.
template <class T>
using Updater = std::function<Result<T>(T old)>;

// A refresh token's updater, given the offline session that records the token's use as it is in
// the same atomic step (a refresh reads the upstream connector's data from it).
using RefreshUpdater = std::function<Result<RefreshToken>(RefreshToken old, const OfflineSessions& session)>;

class ClientStore {
 public:
  virtual ~ClientStore() = default;
  virtual Result<void> create_client(const Client& client) = 0;
  virtual Result<Client> get_client(std::string_view id) = 0;
  virtual Result<std::vector<Client>> list_clients() = 0;
  virtual Result<void> update_client(std::string_view id, const Updater<Client>& updater) = 0;
  virtual Result<void> delete_client(std::string_view id) = 0;
};

class AuthRequestStore {
 public:
  virtual ~AuthRequestStore() = default;
  virtual Result<void> create_auth_request(const AuthRequest& request) = 0;
  virtual Result<AuthRequest> get_auth_request(std::string_view id) = 0;
  virtual Result<void> update_auth_request(std::string_view id, const Updater<AuthRequest>& updater) = 0;
  virtual Result<void> delete_auth_request(std::string_view id) = 0;
};

class AuthCodeStore {
 public:
  virtual ~AuthCodeStore() = default;
  virtual Result<void> create_auth_code(const AuthCode& code) = 0;
  virtual Result<AuthCode> get_auth_code(std::string_view id) = 0;
  virtual Result<void> delete_auth_code(std::string_view id) = 0;
};

class RefreshStore {
 public:
  virtual ~RefreshStore() = default;
  virtual Result<void> create_refresh_token(const RefreshToken& token) = 0;
  virtual Result<RefreshToken> get_refresh_token(std::string_view id) = 0;
  virtual Result<std::vector<RefreshToken>> list_refresh_tokens() = 0;
  virtual Result<void> update_refresh_token(std::string_view id, const Updater<RefreshToken>& updater) = 0;
  virtual Result<void> delete_refresh_token(std::string_view id) = 0;
};

class OfflineSessionStore {
 public:
  virtual ~OfflineSessionStore() = default;
  virtual Result<void> create_offline_sessions(const OfflineSessions& sessions) = 0;
  virtual Result<OfflineSessions> get_offline_sessions(std::string_view user_id,
                                                       std::string_view conn_id) = 0;
  virtual Result<void> update_offline_sessions(std::string_view user_id, std::string_view conn_id,
                                               const Updater<OfflineSessions>& updater) = 0;
  virtual Result<void> delete_offline_sessions(std::string_view user_id, std::string_view conn_id) = 0;
};

class PasswordStore {
 public:
  virtual ~PasswordStore() = default;
  virtual Result<void> create_password(const Password& password) = 0;
  virtual Result<Password> get_password(std::string_view email) = 0;
  virtual Result<std::vector<Password>> list_passwords() = 0;
  virtual Result<void> update_password(std::string_view email, const Updater<Password>& updater) = 0;
  virtual Result<void> delete_password(std::string_view email) = 0;
};

class ConnectorStore {
 public:
  virtual ~ConnectorStore() = default;
  virtual Result<void> create_connector(const Connector& connector) = 0;
  virtual Result<Connector> get_connector(std::string_view id) = 0;
  virtual Result<std::vector<Connector>> list_connectors() = 0;
  virtual Result<void> update_connector(std::string_view id, const Updater<Connector>& updater) = 0;
  virtual Result<void> delete_connector(std::string_view id) = 0;
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;
  // An empty store gives empty Keys (no signing key, zero next_rotation), never kNotFound. dex's
  // SQL and Kubernetes backends answer ErrNotFound there and its memory/etcd backends empty Keys;
  // dex's callers treat both as "no keys", so dexcc answers one way everywhere.
  virtual Result<Keys> get_keys() = 0;
  // On an empty store the updater sees empty Keys and its result is inserted.
  virtual Result<void> update_keys(const Updater<Keys>& updater) = 0;
};

class DeviceRequestStore {
 public:
  virtual ~DeviceRequestStore() = default;
  virtual Result<void> create_device_request(const DeviceRequest& request) = 0;
  virtual Result<DeviceRequest> get_device_request(std::string_view user_code) = 0;
};

class DeviceTokenStore {
 public:
  virtual ~DeviceTokenStore() = default;
  virtual Result<void> create_device_token(const DeviceToken& token) = 0;
  virtual Result<DeviceToken> get_device_token(std::string_view device_code) = 0;
  virtual Result<void> update_device_token(std::string_view device_code,
                                           const Updater<DeviceToken>& updater) = 0;
};

// A refresh: the token and the offline session that records its use, changed together.
class RefreshRotationStore {
 public:
  virtual ~RefreshRotationStore() = default;
  // Updates refresh token `id`, then the offline session (user_id, conn_id) that records its use,
  // as one atomic step. Both are written or neither: an error from either updater, or either
  // record missing (kNotFound), leaves both as they were. The token updater sees the session as
  // read in this step (so a refresh reads it once); the session updater runs only after the token
  // updater succeeded, so it may use what that one computed. dex makes these two separate writes,
  // so a failure between them left a rotated token without its session; backends with
  // transactions do it in one (one commit, one fsync for SQLite).
  virtual Result<void> update_refresh_token_and_offline_sessions(std::string_view id,
                                                                 const RefreshUpdater& token_updater,
                                                                 std::string_view user_id, std::string_view conn_id,
                                                                 const Updater<OfflineSessions>& session_updater) = 0;
};

class GarbageStore {
 public:
  virtual ~GarbageStore() = default;
  // Deletes auth requests, auth codes, device requests and device tokens whose expiry is before
  // `now` (reference §7.4). Refresh tokens and offline sessions are never collected.
  virtual Result<GcResult> garbage_collect(Time now) = 0;
};

// Everything a backend implements.
class Storage : public ClientStore,
                public AuthRequestStore,
                public AuthCodeStore,
                public RefreshStore,
                public OfflineSessionStore,
                public RefreshRotationStore,
                public PasswordStore,
                public ConnectorStore,
                public KeyStore,
                public DeviceRequestStore,
                public DeviceTokenStore,
                public GarbageStore {
 public:
  ~Storage() override = default;
};

}  // namespace dexcc::storage
