// The per-entity Storage methods of the SQL backends, written once: each forwards to the
// backend's generic create/get/list/update/remove by table key (CRTP). A backend implements those
// five templates and the operations that are its own (rotation, keys, garbage collection).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "base/text.h"
#include "storage/sql/tables.h"
#include "storage/storage.h"

namespace dexcc::storage::sql {

using Key = std::initializer_list<std::string_view>;

template <class Backend>
class KeyedStorage : public Storage {
 public:
  // ClientStore
  Result<void> create_client(const Client& c) override { return self().create(c, {c.id}); }
  Result<Client> get_client(std::string_view id) override { return self().template get<Client>({id}); }
  Result<std::vector<Client>> list_clients() override { return self().template list<Client>(); }
  Result<void> update_client(std::string_view id, const Updater<Client>& fn) override {
    return self().update(Key{id}, fn);
  }
  Result<void> delete_client(std::string_view id) override { return self().template remove<Client>({id}); }

  // AuthRequestStore
  Result<void> create_auth_request(const AuthRequest& a) override { return self().create(a, {a.id}); }
  Result<AuthRequest> get_auth_request(std::string_view id) override {
    return self().template get<AuthRequest>({id});
  }
  Result<void> update_auth_request(std::string_view id, const Updater<AuthRequest>& fn) override {
    return self().update(Key{id}, fn);
  }
  Result<void> delete_auth_request(std::string_view id) override {
    return self().template remove<AuthRequest>({id});
  }

  // AuthCodeStore
  Result<void> create_auth_code(const AuthCode& a) override { return self().create(a, {a.id}); }
  Result<AuthCode> get_auth_code(std::string_view id) override { return self().template get<AuthCode>({id}); }
  Result<void> delete_auth_code(std::string_view id) override { return self().template remove<AuthCode>({id}); }

  // RefreshStore
  Result<void> create_refresh_token(const RefreshToken& t) override { return self().create(t, {t.id}); }
  Result<RefreshToken> get_refresh_token(std::string_view id) override {
    return self().template get<RefreshToken>({id});
  }
  Result<std::vector<RefreshToken>> list_refresh_tokens() override { return self().template list<RefreshToken>(); }
  Result<void> update_refresh_token(std::string_view id, const Updater<RefreshToken>& fn) override {
    return self().update(Key{id}, fn);
  }
  Result<void> delete_refresh_token(std::string_view id) override {
    return self().template remove<RefreshToken>({id});
  }

  // OfflineSessionStore
  Result<void> create_offline_sessions(const OfflineSessions& s) override {
    return self().create(s, {s.user_id, s.conn_id});
  }
  Result<OfflineSessions> get_offline_sessions(std::string_view user_id, std::string_view conn_id) override {
    return self().template get<OfflineSessions>({user_id, conn_id});
  }
  Result<void> update_offline_sessions(std::string_view user_id, std::string_view conn_id,
                                       const Updater<OfflineSessions>& fn) override {
    return self().update(Key{user_id, conn_id}, fn);
  }
  Result<void> delete_offline_sessions(std::string_view user_id, std::string_view conn_id) override {
    return self().template remove<OfflineSessions>({user_id, conn_id});
  }

  // PasswordStore: keyed by the lower-cased email.
  Result<void> create_password(const Password& p) override {
    Password lowered = p;
    lowered.email = base::go_to_lower(p.email);
    return self().create(lowered, {lowered.email});
  }
  Result<Password> get_password(std::string_view email) override {
    std::string key = base::go_to_lower(email);
    return self().template get<Password>({key});
  }
  Result<std::vector<Password>> list_passwords() override { return self().template list<Password>(); }
  Result<void> update_password(std::string_view email, const Updater<Password>& fn) override {
    std::string key = base::go_to_lower(email);
    return self().update(Key{key}, fn);
  }
  Result<void> delete_password(std::string_view email) override {
    std::string key = base::go_to_lower(email);
    return self().template remove<Password>({key});
  }

  // ConnectorStore
  Result<void> create_connector(const Connector& c) override { return self().create(c, {c.id}); }
  Result<Connector> get_connector(std::string_view id) override { return self().template get<Connector>({id}); }
  Result<std::vector<Connector>> list_connectors() override { return self().template list<Connector>(); }
  Result<void> update_connector(std::string_view id, const Updater<Connector>& fn) override {
    return self().update(Key{id}, fn);
  }
  Result<void> delete_connector(std::string_view id) override { return self().template remove<Connector>({id}); }

  // KeyStore (reads; the update is the backend's): one row, id 'keys', absent until the first
  // update inserts it, which reads as empty Keys.
  Result<Keys> get_keys() override {
    auto keys = self().template get<Keys>({kKeysRowId});
    if (!keys && keys.error().not_found()) return Keys{};
    return keys;
  }

  // DeviceRequestStore
  Result<void> create_device_request(const DeviceRequest& d) override { return self().create(d, {d.user_code}); }
  Result<DeviceRequest> get_device_request(std::string_view user_code) override {
    return self().template get<DeviceRequest>({user_code});
  }

  // DeviceTokenStore
  Result<void> create_device_token(const DeviceToken& d) override { return self().create(d, {d.device_code}); }
  Result<DeviceToken> get_device_token(std::string_view device_code) override {
    return self().template get<DeviceToken>({device_code});
  }
  Result<void> update_device_token(std::string_view device_code, const Updater<DeviceToken>& fn) override {
    return self().update(Key{device_code}, fn);
  }

 private:
  Backend& self() { return static_cast<Backend&>(*this); }
};

}  // namespace dexcc::storage::sql
