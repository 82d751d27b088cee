// ForwardingStorage: a Storage that passes every call to another one; decorators (static overlays,
// caches) derive from it and override only what they change.
#pragma once

#include <memory>

#include "storage/storage.h"

namespace dexcc::storage {

class ForwardingStorage : public Storage {
 public:
  explicit ForwardingStorage(std::unique_ptr<Storage> inner) : inner_(std::move(inner)) {}

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
  Result<void> update_refresh_token_and_offline_sessions(std::string_view id, const RefreshUpdater& token_updater,
                                                         std::string_view user_id, std::string_view conn_id,
                                                         const Updater<OfflineSessions>& session_updater) override;
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

 protected:
  Storage& inner() { return *inner_; }

 private:
  std::unique_ptr<Storage> inner_;
};

}  // namespace dexcc::storage
