// The Storage operations as gateway calls: creates and updates are etcd transactions, so two dexcc
// replicas (or dex and dexcc) on one etcd never overwrite each other's changes.
#include "storage/etcd/etcd_storage.h"

#include <chrono>
#include <functional>
#include <thread>
#include <type_traits>

#include "base/random.h"
#include "base/text.h"
#include "storage/etcd/codecs.h"

namespace dexcc::storage::etcd {
namespace {

// A lost compare-and-swap is retried with a fresh read this many times. dex's etcd backend fails
// at once ("concurrent conflicting update happened"), which under concurrent refreshes from two
// replicas turns a harmless race on the shared offline session into a 500.
constexpr int kMaxAttempts = 20;

template <class T>
Result<std::string> encoded(const T& value) {
  return encode(value);  // encode(Keys) already returns a Result
}

// A short random pause before retrying, so racing writers fall out of step.
void back_off(int attempt) {
  const auto bytes = base::random_bytes(1);
  const int ms = 1 + static_cast<unsigned char>(bytes[0]) % (2 * std::min(attempt + 1, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

std::unexpected<Error> conflict() {
  return fail(ErrorKind::kConflict, "etcd: concurrent conflicting update happened");
}

}  // namespace

std::string offline_session_key(std::string_view user_id, std::string_view conn_id) {
  return std::string(kOfflineSessionPrefix) +
         base::go_to_lower(std::string(user_id) + "|" + std::string(conn_id));
}

EtcdStorage::EtcdStorage(std::unique_ptr<Gateway> gateway, std::string ns)
    : gateway_(std::move(gateway)), ns_(std::move(ns)) {}

std::string EtcdStorage::key(std::string_view prefix, std::string_view id) const {
  std::string k = ns_;
  k += prefix;
  k += id;
  return k;
}

template <class T>
Result<void> EtcdStorage::create(const std::string& key, const T& value) {
  auto text = encoded(value);
  if (!text) return std::unexpected(text.error());
  auto put = gateway_->txn({{key, Compare::Target::kCreate, 0}}, {{key, std::move(*text)}});
  if (!put) return std::unexpected(put.error());
  if (!*put) return already_exists();
  return {};
}

template <class T>
Result<T> EtcdStorage::get(const std::string& key) {
  auto kv = gateway_->get(key);
  if (!kv) return std::unexpected(kv.error());
  if (!*kv) return not_found();
  T value;
  if (auto d = decode((*kv)->value, value); !d) return std::unexpected(d.error());
  return value;
}

template <class T>
Result<std::vector<T>> EtcdStorage::list(std::string_view prefix) {
  auto kvs = gateway_->list(key(prefix, ""));
  if (!kvs) return std::unexpected(kvs.error());
  std::vector<T> out;
  out.reserve(kvs->size());
  for (const auto& kv : *kvs) {
    T value;
    if (auto d = decode(kv.value, value); !d) return std::unexpected(d.error());
    out.push_back(std::move(value));
  }
  return out;
}

std::mutex& EtcdStorage::stripe(const std::string& key) {
  return stripes_[std::hash<std::string>{}(key) % stripes_.size()];
}

template <class T, class Restore>
Result<void> EtcdStorage::update(const std::string& key, const Updater<T>& updater, Restore restore_key,
                                 bool absent_is_empty) {
  std::lock_guard turn(stripe(key));
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) back_off(attempt);
    auto kv = gateway_->get(key);
    if (!kv) return std::unexpected(kv.error());
    if (!*kv && !absent_is_empty) return not_found();
    T old;
    int64_t revision = 0;  // a compare on mod_revision 0 means "still absent" to etcd
    if (*kv) {
      if (auto d = decode((*kv)->value, old); !d) return std::unexpected(d.error());
      revision = (*kv)->mod_revision;
    }
    T kept = old;
    auto next = updater(std::move(old));
    if (!next) return std::unexpected(next.error());
    restore_key(*next, kept);
    auto text = encoded(*next);
    if (!text) return std::unexpected(text.error());
    auto swapped = gateway_->txn({{key, Compare::Target::kMod, revision}}, {{key, std::move(*text)}});
    if (!swapped) return std::unexpected(swapped.error());
    if (*swapped) return {};
  }
  return conflict();
}

Result<void> EtcdStorage::remove(const std::string& key) {
  auto deleted = gateway_->remove(key);
  if (!deleted) return std::unexpected(deleted.error());
  if (*deleted == 0) return not_found();
  return {};
}

// Clients.
Result<void> EtcdStorage::create_client(const Client& c) {
  return create(key(kClientPrefix, c.id), c);
}
Result<Client> EtcdStorage::get_client(std::string_view id) {
  return get<Client>(key(kClientPrefix, id));
}
Result<std::vector<Client>> EtcdStorage::list_clients() {
  return list<Client>(kClientPrefix);
}
Result<void> EtcdStorage::update_client(std::string_view id, const Updater<Client>& updater) {
  return update<Client>(key(kClientPrefix, id), updater, [](Client& n, const Client& o) { n.id = o.id; });
}
Result<void> EtcdStorage::delete_client(std::string_view id) {
  return remove(key(kClientPrefix, id));
}

// Auth requests.
Result<void> EtcdStorage::create_auth_request(const AuthRequest& r) {
  return create(key(kAuthRequestPrefix, r.id), r);
}
Result<AuthRequest> EtcdStorage::get_auth_request(std::string_view id) {
  return get<AuthRequest>(key(kAuthRequestPrefix, id));
}
Result<void> EtcdStorage::update_auth_request(std::string_view id, const Updater<AuthRequest>& updater) {
  return update<AuthRequest>(key(kAuthRequestPrefix, id), updater,
                             [](AuthRequest& n, const AuthRequest& o) { n.id = o.id; });
}
Result<void> EtcdStorage::delete_auth_request(std::string_view id) {
  return remove(key(kAuthRequestPrefix, id));
}

// Auth codes.
Result<void> EtcdStorage::create_auth_code(const AuthCode& c) {
  return create(key(kAuthCodePrefix, c.id), c);
}
Result<AuthCode> EtcdStorage::get_auth_code(std::string_view id) {
  return get<AuthCode>(key(kAuthCodePrefix, id));
}
Result<void> EtcdStorage::delete_auth_code(std::string_view id) {
  return remove(key(kAuthCodePrefix, id));
}

// Refresh tokens.
Result<void> EtcdStorage::create_refresh_token(const RefreshToken& t) {
  return create(key(kRefreshTokenPrefix, t.id), t);
}
Result<RefreshToken> EtcdStorage::get_refresh_token(std::string_view id) {
  return get<RefreshToken>(key(kRefreshTokenPrefix, id));
}
Result<std::vector<RefreshToken>> EtcdStorage::list_refresh_tokens() {
  return list<RefreshToken>(kRefreshTokenPrefix);
}
Result<void> EtcdStorage::update_refresh_token(std::string_view id, const Updater<RefreshToken>& updater) {
  return update<RefreshToken>(key(kRefreshTokenPrefix, id), updater,
                              [](RefreshToken& n, const RefreshToken& o) { n.id = o.id; });
}
Result<void> EtcdStorage::delete_refresh_token(std::string_view id) {
  return remove(key(kRefreshTokenPrefix, id));
}

// Offline sessions.
Result<void> EtcdStorage::create_offline_sessions(const OfflineSessions& s) {
  return create(ns_ + offline_session_key(s.user_id, s.conn_id), s);
}
Result<OfflineSessions> EtcdStorage::get_offline_sessions(std::string_view user_id,
                                                          std::string_view conn_id) {
  return get<OfflineSessions>(ns_ + offline_session_key(user_id, conn_id));
}
Result<void> EtcdStorage::update_offline_sessions(std::string_view user_id, std::string_view conn_id,
                                                  const Updater<OfflineSessions>& updater) {
  return update<OfflineSessions>(ns_ + offline_session_key(user_id, conn_id), updater,
                                 [](OfflineSessions& n, const OfflineSessions& o) {
                                   n.user_id = o.user_id;
                                   n.conn_id = o.conn_id;
                                 });
}
Result<void> EtcdStorage::delete_offline_sessions(std::string_view user_id, std::string_view conn_id) {
  return remove(ns_ + offline_session_key(user_id, conn_id));
}

// Both records are read, both updaters run, and one txn writes both only if neither changed since.
Result<void> EtcdStorage::update_refresh_token_and_offline_sessions(
    std::string_view id, const RefreshUpdater& token_updater, std::string_view user_id,
    std::string_view conn_id, const Updater<OfflineSessions>& session_updater) {
  const std::string token_key = key(kRefreshTokenPrefix, id);
  const std::string session_key = ns_ + offline_session_key(user_id, conn_id);
  // Both stripes, always in address order, so two rotations never wait on each other in a circle.
  std::mutex* first = &stripe(token_key);
  std::mutex* second = &stripe(session_key);
  if (second < first) std::swap(first, second);
  std::unique_lock lock_first(*first);
  std::unique_lock<std::mutex> lock_second;
  if (second != first) lock_second = std::unique_lock(*second);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) back_off(attempt);
    auto token_kv = gateway_->get(token_key);
    if (!token_kv) return std::unexpected(token_kv.error());
    if (!*token_kv) return not_found();
    auto session_kv = gateway_->get(session_key);
    if (!session_kv) return std::unexpected(session_kv.error());
    if (!*session_kv) return not_found();
    RefreshToken token;
    if (auto d = decode((*token_kv)->value, token); !d) return std::unexpected(d.error());
    OfflineSessions session;
    if (auto d = decode((*session_kv)->value, session); !d) return std::unexpected(d.error());
    const std::string token_id = token.id;
    auto next_token = token_updater(std::move(token), session);
    if (!next_token) return std::unexpected(next_token.error());
    next_token->id = token_id;
    OfflineSessions kept = session;
    auto next_session = session_updater(std::move(session));
    if (!next_session) return std::unexpected(next_session.error());
    next_session->user_id = kept.user_id;
    next_session->conn_id = kept.conn_id;
    auto swapped = gateway_->txn({{token_key, Compare::Target::kMod, (*token_kv)->mod_revision},
                                  {session_key, Compare::Target::kMod, (*session_kv)->mod_revision}},
                                 {{token_key, encode(*next_token)}, {session_key, encode(*next_session)}});
    if (!swapped) return std::unexpected(swapped.error());
    if (*swapped) return {};
  }
  return conflict();
}

// Passwords, keyed (and stored) by the lower-cased email.
Result<void> EtcdStorage::create_password(const Password& p) {
  Password lowered = p;
  lowered.email = base::go_to_lower(p.email);
  return create(key(kPasswordPrefix, lowered.email), lowered);
}
Result<Password> EtcdStorage::get_password(std::string_view email) {
  auto p = get<Password>(key(kPasswordPrefix, base::go_to_lower(email)));
  if (p) p->email = base::go_to_lower(p->email);  // dex kept the email as given in the value
  return p;
}
Result<std::vector<Password>> EtcdStorage::list_passwords() {
  auto all = list<Password>(kPasswordPrefix);
  if (all) {
    for (auto& p : *all) p.email = base::go_to_lower(p.email);
  }
  return all;
}
Result<void> EtcdStorage::update_password(std::string_view email, const Updater<Password>& updater) {
  const std::string lower = base::go_to_lower(email);
  return update<Password>(key(kPasswordPrefix, lower), updater,
                          [&lower](Password& n, const Password&) { n.email = lower; });
}
Result<void> EtcdStorage::delete_password(std::string_view email) {
  return remove(key(kPasswordPrefix, base::go_to_lower(email)));
}

// Connectors.
Result<void> EtcdStorage::create_connector(const Connector& c) {
  return create(key(kConnectorPrefix, c.id), c);
}
Result<Connector> EtcdStorage::get_connector(std::string_view id) {
  return get<Connector>(key(kConnectorPrefix, id));
}
Result<std::vector<Connector>> EtcdStorage::list_connectors() {
  return list<Connector>(kConnectorPrefix);
}
Result<void> EtcdStorage::update_connector(std::string_view id, const Updater<Connector>& updater) {
  return update<Connector>(key(kConnectorPrefix, id), updater,
                           [](Connector& n, const Connector& o) { n.id = o.id; });
}
Result<void> EtcdStorage::delete_connector(std::string_view id) {
  return remove(key(kConnectorPrefix, id));
}

// Keys: a missing record reads as empty Keys (as dex's etcd backend), and the first write is a
// compare on mod_revision 0.
Result<Keys> EtcdStorage::get_keys() {
  auto keys = get<Keys>(key(kKeysName, ""));
  if (!keys && keys.error().not_found()) return Keys{};
  return keys;
}
Result<void> EtcdStorage::update_keys(const Updater<Keys>& updater) {
  return update<Keys>(
      key(kKeysName, ""), updater, [](Keys&, const Keys&) {}, /*absent_is_empty=*/true);
}

// Device requests and tokens.
Result<void> EtcdStorage::create_device_request(const DeviceRequest& r) {
  return create(key(kDeviceRequestPrefix, r.user_code), r);
}
Result<DeviceRequest> EtcdStorage::get_device_request(std::string_view user_code) {
  return get<DeviceRequest>(key(kDeviceRequestPrefix, user_code));
}
Result<void> EtcdStorage::create_device_token(const DeviceToken& t) {
  return create(key(kDeviceTokenPrefix, t.device_code), t);
}
Result<DeviceToken> EtcdStorage::get_device_token(std::string_view device_code) {
  return get<DeviceToken>(key(kDeviceTokenPrefix, device_code));
}
Result<void> EtcdStorage::update_device_token(std::string_view device_code,
                                              const Updater<DeviceToken>& updater) {
  return update<DeviceToken>(key(kDeviceTokenPrefix, device_code), updater,
                             [](DeviceToken& n, const DeviceToken& o) { n.device_code = o.device_code; });
}

// Garbage collection as dex does it on etcd: list each expiring kind and delete what expired. A
// record another replica already deleted counts for nobody.
template <class T>
Result<int64_t> EtcdStorage::collect(std::string_view prefix, Time now) {
  auto kvs = gateway_->list(key(prefix, ""));
  if (!kvs) return std::unexpected(kvs.error());
  int64_t deleted = 0;
  for (const auto& kv : *kvs) {
    T value;
    if (!decode(kv.value, value)) continue;  // dex logs and skips what it cannot decode
    if (!(value.expiry < now)) continue;
    auto d = gateway_->remove(kv.key);
    if (!d) return std::unexpected(d.error());
    deleted += *d;
  }
  return deleted;
}

Result<GcResult> EtcdStorage::garbage_collect(Time now) {
  GcResult r;
  auto requests = collect<AuthRequest>(kAuthRequestPrefix, now);
  if (!requests) return std::unexpected(requests.error());
  r.auth_requests = *requests;
  auto codes = collect<AuthCode>(kAuthCodePrefix, now);
  if (!codes) return std::unexpected(codes.error());
  r.auth_codes = *codes;
  auto device_requests = collect<DeviceRequest>(kDeviceRequestPrefix, now);
  if (!device_requests) return std::unexpected(device_requests.error());
  r.device_requests = *device_requests;
  auto device_tokens = collect<DeviceToken>(kDeviceTokenPrefix, now);
  if (!device_tokens) return std::unexpected(device_tokens.error());
  r.device_tokens = *device_tokens;
  return r;
}

}  // namespace dexcc::storage::etcd
