// EtcdStorage: storage::Storage over the gateway, with dex's key layout and compare-and-swap rules.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/etcd/gateway.h"
#include "storage/storage.h"

namespace dexcc::storage::etcd {

// dex's key prefixes (storage/etcd/etcd.go), before the namespace is put in front.
inline constexpr std::string_view kClientPrefix = "client/";
inline constexpr std::string_view kAuthCodePrefix = "auth_code/";
inline constexpr std::string_view kRefreshTokenPrefix = "refresh_token/";
inline constexpr std::string_view kAuthRequestPrefix = "auth_req/";
inline constexpr std::string_view kPasswordPrefix = "password/";
inline constexpr std::string_view kOfflineSessionPrefix = "offline_session/";
inline constexpr std::string_view kConnectorPrefix = "connector/";
inline constexpr std::string_view kKeysName = "openid-connect-keys";
inline constexpr std::string_view kDeviceRequestPrefix = "device_req/";
inline constexpr std::string_view kDeviceTokenPrefix = "device_token/";

// dex's offline session key: the prefix, then lower(userID + "|" + connID).
std::string offline_session_key(std::string_view user_id, std::string_view conn_id);

class EtcdStorage final : public Storage {
 public:
  EtcdStorage(std::unique_ptr<Gateway> gateway, std::string ns);

  Result<void> create_client(const Client& client) override;
  Result<Client> get_client(std::string_view id) override;
  Result<std::vector<Client>> list_clients() override;
  Result<void> update_client(std::string_view id, const Updater<Client>& updater) override;
  Result<void> delete_client(std::string_view id) override;

  Result<void> create_auth_request(const AuthRequest& request) override;
  Result<AuthRequest> get_auth_request(std::string_view id) override;
  Result<void> update_auth_request(std::string_view id, const Updater<AuthRequest>& updater) override;
  Result<void> delete_auth_request(std::string_view id) override;

  Result<void> create_auth_code(const AuthCode& code) override;
  Result<AuthCode> get_auth_code(std::string_view id) override;
  Result<void> delete_auth_code(std::string_view id) override;

  Result<void> create_refresh_token(const RefreshToken& token) override;
  Result<RefreshToken> get_refresh_token(std::string_view id) override;
  Result<std::vector<RefreshToken>> list_refresh_tokens() override;
  Result<void> update_refresh_token(std::string_view id, const Updater<RefreshToken>& updater) override;
  Result<void> delete_refresh_token(std::string_view id) override;

  Result<void> create_offline_sessions(const OfflineSessions& sessions) override;
  Result<OfflineSessions> get_offline_sessions(std::string_view user_id, std::string_view conn_id) override;
  Result<void> update_offline_sessions(std::string_view user_id, std::string_view conn_id,
                                       const Updater<OfflineSessions>& updater) override;
  Result<void> delete_offline_sessions(std::string_view user_id, std::string_view conn_id) override;

  Result<void> update_refresh_token_and_offline_sessions(
      std::string_view id, const RefreshUpdater& token_updater, std::string_view user_id,
      std::string_view conn_id, const Updater<OfflineSessions>& session_updater) override;

  Result<void> create_password(const Password& password) override;
  Result<Password> get_password(std::string_view email) override;
  Result<std::vector<Password>> list_passwords() override;
  Result<void> update_password(std::string_view email, const Updater<Password>& updater) override;
  Result<void> delete_password(std::string_view email) override;

  Result<void> create_connector(const Connector& connector) override;
  Result<Connector> get_connector(std::string_view id) override;
  Result<std::vector<Connector>> list_connectors() override;
  Result<void> update_connector(std::string_view id, const Updater<Connector>& updater) override;
  Result<void> delete_connector(std::string_view id) override;

  Result<Keys> get_keys() override;
  Result<void> update_keys(const Updater<Keys>& updater) override;

  Result<void> create_device_request(const DeviceRequest& request) override;
  Result<DeviceRequest> get_device_request(std::string_view user_code) override;

  Result<void> create_device_token(const DeviceToken& token) override;
  Result<DeviceToken> get_device_token(std::string_view device_code) override;
  Result<void> update_device_token(std::string_view device_code,
                                   const Updater<DeviceToken>& updater) override;

  Result<GcResult> garbage_collect(Time now) override;

 private:
  std::string key(std::string_view prefix, std::string_view id) const;
  template <class T>
  Result<void> create(const std::string& key, const T& value);
  template <class T>
  Result<T> get(const std::string& key);
  template <class T>
  Result<std::vector<T>> list(std::string_view prefix);
  // Compare-and-swap with bounded retries; `restore_key` puts the old key fields back into the new
  // value. With `absent_is_empty` a missing record is updated from T{} (the keys singleton).
  template <class T, class Restore>
  Result<void> update(const std::string& key, const Updater<T>& updater, Restore restore_key,
                      bool absent_is_empty = false);
  Result<void> remove(const std::string& key);
  template <class T>
  Result<int64_t> collect(std::string_view prefix, Time now);

  // Updates of one key from this process take turns on its stripe, so threads here never race each
  // other's compare-and-swap; only other processes (replicas, dex) can make a txn fail.
  std::mutex& stripe(const std::string& key);

  std::unique_ptr<Gateway> gateway_;
  std::string ns_;
  std::array<std::mutex, 64> stripes_;
};

}  // namespace dexcc::storage::etcd
