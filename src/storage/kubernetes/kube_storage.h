// KubeStorage: storage::Storage over dex's custom resources, with resourceVersion compare-and-swap.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/kubernetes/api_client.h"
#include "storage/kubernetes/codecs.h"
#include "storage/storage.h"

namespace dexcc::storage::kubernetes {

class KubeStorage final : public Storage {
 public:
  explicit KubeStorage(std::unique_ptr<ApiClient> api);

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

  // Lists each expiring kind and deletes what expired, one DELETE per object through the API.
  Result<GcResult> garbage_collect(Time now) override;

 private:
  template <class T>
  Result<void> create(const T& value);
  template <class T>
  Result<T> get(const std::string& name);
  template <class T>
  Result<std::vector<T>> list();
  // Read, run the updater, PUT with the read resourceVersion; a 409 starts over with a fresh read,
  // a bounded number of times. `restore_key` puts the key fields back into the new value. With
  // `absent_is_empty` a missing object is updated from T{} and created (the keys singleton).
  template <class T, class Restore>
  Result<void> update(const std::string& name, const Updater<T>& updater, Restore restore_key,
                      bool absent_is_empty = false);
  Result<void> remove(const Resource& r, const std::string& name);
  template <class T>
  Result<int64_t> collect(Time now);

  // Updates of one object from this process take turns, so only other processes (replicas, dex)
  // make a PUT fail with 409.
  std::mutex& stripe(std::string_view resource, const std::string& name);

  std::unique_ptr<ApiClient> api_;
  std::array<std::mutex, 64> stripes_;
};

// The object to PUT: `next`'s fields under `current`'s metadata (resourceVersion for the
// compare-and-swap; labels, annotations and owner references that others set are kept).
nlohmann::json replacement(const nlohmann::json& current, const Object& next);

}  // namespace dexcc::storage::kubernetes
