// Every Storage method forwarded to the wrapped storage.
#include "storage/forwarding.h"

namespace dexcc::storage {

Result<void> ForwardingStorage::create_client(const Client& client) {
  return inner_->create_client(client);
}
Result<Client> ForwardingStorage::get_client(std::string_view id) {
  return inner_->get_client(id);
}
Result<std::vector<Client>> ForwardingStorage::list_clients() {
  return inner_->list_clients();
}
Result<void> ForwardingStorage::update_client(std::string_view id, const Updater<Client>& updater) {
  return inner_->update_client(id, updater);
}
Result<void> ForwardingStorage::delete_client(std::string_view id) {
  return inner_->delete_client(id);
}
Result<void> ForwardingStorage::create_auth_request(const AuthRequest& request) {
  return inner_->create_auth_request(request);
}
Result<AuthRequest> ForwardingStorage::get_auth_request(std::string_view id) {
  return inner_->get_auth_request(id);
}
Result<void> ForwardingStorage::update_auth_request(std::string_view id,
                                                    const Updater<AuthRequest>& updater) {
  return inner_->update_auth_request(id, updater);
}
Result<void> ForwardingStorage::delete_auth_request(std::string_view id) {
  return inner_->delete_auth_request(id);
}
Result<void> ForwardingStorage::create_auth_code(const AuthCode& code) {
  return inner_->create_auth_code(code);
}
Result<AuthCode> ForwardingStorage::get_auth_code(std::string_view id) {
  return inner_->get_auth_code(id);
}
Result<void> ForwardingStorage::delete_auth_code(std::string_view id) {
  return inner_->delete_auth_code(id);
}
Result<void> ForwardingStorage::create_refresh_token(const RefreshToken& token) {
  return inner_->create_refresh_token(token);
}
Result<RefreshToken> ForwardingStorage::get_refresh_token(std::string_view id) {
  return inner_->get_refresh_token(id);
}
Result<std::vector<RefreshToken>> ForwardingStorage::list_refresh_tokens() {
  return inner_->list_refresh_tokens();
}
Result<void> ForwardingStorage::update_refresh_token(std::string_view id,
                                                     const Updater<RefreshToken>& updater) {
  return inner_->update_refresh_token(id, updater);
}
Result<void> ForwardingStorage::delete_refresh_token(std::string_view id) {
  return inner_->delete_refresh_token(id);
}
Result<void> ForwardingStorage::create_offline_sessions(const OfflineSessions& sessions) {
  return inner_->create_offline_sessions(sessions);
}
Result<OfflineSessions> ForwardingStorage::get_offline_sessions(std::string_view user_id,
                                                                std::string_view conn_id) {
  return inner_->get_offline_sessions(user_id, conn_id);
}
Result<void> ForwardingStorage::update_offline_sessions(std::string_view user_id, std::string_view conn_id,
                                                        const Updater<OfflineSessions>& updater) {
  return inner_->update_offline_sessions(user_id, conn_id, updater);
}
Result<void> ForwardingStorage::delete_offline_sessions(std::string_view user_id, std::string_view conn_id) {
  return inner_->delete_offline_sessions(user_id, conn_id);
}
Result<void> ForwardingStorage::update_refresh_token_and_offline_sessions(
    std::string_view id, const RefreshUpdater& token_updater, std::string_view user_id,
    std::string_view conn_id, const Updater<OfflineSessions>& session_updater) {
  return inner_->update_refresh_token_and_offline_sessions(id, token_updater, user_id, conn_id, session_updater);
}
Result<void> ForwardingStorage::create_password(const Password& password) {
  return inner_->create_password(password);
}
Result<Password> ForwardingStorage::get_password(std::string_view email) {
  return inner_->get_password(email);
}
Result<std::vector<Password>> ForwardingStorage::list_passwords() {
  return inner_->list_passwords();
}
Result<void> ForwardingStorage::update_password(std::string_view email, const Updater<Password>& updater) {
  return inner_->update_password(email, updater);
}
Result<void> ForwardingStorage::delete_password(std::string_view email) {
  return inner_->delete_password(email);
}
Result<void> ForwardingStorage::create_connector(const Connector& connector) {
  return inner_->create_connector(connector);
}
Result<Connector> ForwardingStorage::get_connector(std::string_view id) {
  return inner_->get_connector(id);
}
Result<std::vector<Connector>> ForwardingStorage::list_connectors() {
  return inner_->list_connectors();
}
Result<void> ForwardingStorage::update_connector(std::string_view id, const Updater<Connector>& updater) {
  return inner_->update_connector(id, updater);
}
Result<void> ForwardingStorage::delete_connector(std::string_view id) {
  return inner_->delete_connector(id);
}
Result<Keys> ForwardingStorage::get_keys() {
  return inner_->get_keys();
}
Result<void> ForwardingStorage::update_keys(const Updater<Keys>& updater) {
  return inner_->update_keys(updater);
}
Result<void> ForwardingStorage::create_device_request(const DeviceRequest& request) {
  return inner_->create_device_request(request);
}
Result<DeviceRequest> ForwardingStorage::get_device_request(std::string_view user_code) {
  return inner_->get_device_request(user_code);
}
Result<void> ForwardingStorage::create_device_token(const DeviceToken& token) {
  return inner_->create_device_token(token);
}
Result<DeviceToken> ForwardingStorage::get_device_token(std::string_view device_code) {
  return inner_->get_device_token(device_code);
}
Result<void> ForwardingStorage::update_device_token(std::string_view device_code,
                                                    const Updater<DeviceToken>& updater) {
  return inner_->update_device_token(device_code, updater);
}
Result<GcResult> ForwardingStorage::garbage_collect(Time now) {
  return inner_->garbage_collect(now);
}

}  // namespace dexcc::storage
