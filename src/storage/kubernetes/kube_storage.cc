// The Storage operations as Kubernetes API calls. Creates are POSTs (409 AlreadyExists); updates
// are PUTs carrying the resourceVersion that was read, so two replicas (or dex and dexcc) never
// overwrite each other's changes: the loser gets 409 Conflict and retries on a fresh read.
#include "storage/kubernetes/kube_storage.h"

#include <chrono>
#include <functional>
#include <thread>

#include "base/random.h"
#include "base/text.h"
#include "storage/kubernetes/codecs.h"

namespace dexcc::storage::kubernetes {
namespace {

// dex gives up on the first 409; under concurrent refreshes from several replicas that turns a
// harmless race on the shared offline session into a 500, so a lost race is retried.
constexpr int kMaxAttempts = 20;

void back_off(int attempt) {
  const auto bytes = base::random_bytes(1);
  const int ms = 1 + static_cast<unsigned char>(bytes[0]) % (2 * std::min(attempt + 1, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

std::unexpected<Error> conflict(const Resource& r) {
  return fail(ErrorKind::kConflict,
              "kubernetes: concurrent conflicting update of " + std::string(r.plural) + " kept failing");
}

template <class T>
Result<Object> encoded(const T& value, std::string_view ns) {
  return encode(value, ns);  // encode(Keys) already returns a Result
}

std::string metadata_name(const nlohmann::json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return {};
  auto name = meta->find("name");
  return name != meta->end() && name->is_string() ? name->get<std::string>() : std::string();
}

}  // namespace

nlohmann::json replacement(const nlohmann::json& current, const Object& next) {
  nlohmann::json out = nlohmann::json::parse(next.dump());
  auto meta = current.find("metadata");
  if (meta != current.end() && meta->is_object()) {
    nlohmann::json kept = *meta;
    kept.erase("managedFields");  // the server keeps its own; sending them back is noise
    out["metadata"] = std::move(kept);
  }
  return out;
}

KubeStorage::KubeStorage(std::unique_ptr<ApiClient> api) : api_(std::move(api)) {}

std::mutex& KubeStorage::stripe(std::string_view resource, const std::string& name) {
  const size_t h = std::hash<std::string_view>{}(resource) ^ (std::hash<std::string>{}(name) << 1);
  return stripes_[h % stripes_.size()];
}

template <class T>
Result<void> KubeStorage::create(const T& value) {
  auto object = encoded(value, api_->ns());
  if (!object) return std::unexpected(object.error());
  auto created = api_->create(resource_of<T>(), nlohmann::json::parse(object->dump()));
  if (!created) return std::unexpected(created.error());
  if (!*created) return already_exists();
  return {};
}

template <class T>
Result<T> KubeStorage::get(const std::string& name) {
  auto object = api_->get(resource_of<T>(), name);
  if (!object) return std::unexpected(object.error());
  if (!*object) return not_found();
  T value;
  if (auto d = decode(**object, value); !d) return std::unexpected(d.error());
  return value;
}

template <class T>
Result<std::vector<T>> KubeStorage::list() {
  auto objects = api_->list(resource_of<T>());
  if (!objects) return std::unexpected(objects.error());
  std::vector<T> out;
  out.reserve(objects->size());
  for (const auto& object : *objects) {
    T value;
    if (auto d = decode(object, value); !d) return std::unexpected(d.error());
    out.push_back(std::move(value));
  }
  return out;
}

template <class T, class Restore>
Result<void> KubeStorage::update(const std::string& name, const Updater<T>& updater, Restore restore_key,
                                 bool absent_is_empty) {
  const Resource& r = resource_of<T>();
  std::lock_guard turn(stripe(r.plural, name));
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) back_off(attempt);
    auto current = api_->get(r, name);
    if (!current) return std::unexpected(current.error());
    if (!*current && !absent_is_empty) return not_found();
    T old;
    if (*current) {
      if (auto d = decode(**current, old); !d) return std::unexpected(d.error());
    }
    T kept = old;
    auto next = updater(std::move(old));
    if (!next) return std::unexpected(next.error());
    restore_key(*next, kept);
    auto object = encoded(*next, api_->ns());
    if (!object) return std::unexpected(object.error());
    Result<bool> written = *current ? api_->replace(r, name, replacement(**current, *object))
                                    : api_->create(r, nlohmann::json::parse(object->dump()));
    if (!written) return std::unexpected(written.error());
    if (*written) return {};
  }
  return conflict(r);
}

Result<void> KubeStorage::remove(const Resource& r, const std::string& name) {
  auto deleted = api_->remove(r, name);
  if (!deleted) return std::unexpected(deleted.error());
  if (!*deleted) return not_found();
  return {};
}

// Clients, named id_to_name(ID).
Result<void> KubeStorage::create_client(const Client& c) {
  return create(c);
}
Result<Client> KubeStorage::get_client(std::string_view id) {
  return get<Client>(id_to_name(id));
}
Result<std::vector<Client>> KubeStorage::list_clients() {
  return list<Client>();
}
Result<void> KubeStorage::update_client(std::string_view id, const Updater<Client>& updater) {
  return update<Client>(id_to_name(id), updater, [](Client& n, const Client& o) { n.id = o.id; });
}
Result<void> KubeStorage::delete_client(std::string_view id) {
  return remove(kClients, id_to_name(id));
}

// Auth requests.
Result<void> KubeStorage::create_auth_request(const AuthRequest& r) {
  return create(r);
}
Result<AuthRequest> KubeStorage::get_auth_request(std::string_view id) {
  return get<AuthRequest>(std::string(id));
}
Result<void> KubeStorage::update_auth_request(std::string_view id, const Updater<AuthRequest>& updater) {
  return update<AuthRequest>(std::string(id), updater,
                             [](AuthRequest& n, const AuthRequest& o) { n.id = o.id; });
}
Result<void> KubeStorage::delete_auth_request(std::string_view id) {
  return remove(kAuthRequests, std::string(id));
}

// Auth codes.
Result<void> KubeStorage::create_auth_code(const AuthCode& c) {
  return create(c);
}
Result<AuthCode> KubeStorage::get_auth_code(std::string_view id) {
  return get<AuthCode>(std::string(id));
}
Result<void> KubeStorage::delete_auth_code(std::string_view id) {
  return remove(kAuthCodes, std::string(id));
}

// Refresh tokens.
Result<void> KubeStorage::create_refresh_token(const RefreshToken& t) {
  return create(t);
}
Result<RefreshToken> KubeStorage::get_refresh_token(std::string_view id) {
  return get<RefreshToken>(std::string(id));
}
Result<std::vector<RefreshToken>> KubeStorage::list_refresh_tokens() {
  return list<RefreshToken>();
}
Result<void> KubeStorage::update_refresh_token(std::string_view id, const Updater<RefreshToken>& updater) {
  return update<RefreshToken>(std::string(id), updater,
                              [](RefreshToken& n, const RefreshToken& o) { n.id = o.id; });
}
Result<void> KubeStorage::delete_refresh_token(std::string_view id) {
  return remove(kRefreshTokens, std::string(id));
}

// Offline sessions, named by the FNV hash of user and connector IDs.
Result<void> KubeStorage::create_offline_sessions(const OfflineSessions& s) {
  return create(s);
}
Result<OfflineSessions> KubeStorage::get_offline_sessions(std::string_view user_id,
                                                          std::string_view conn_id) {
  auto s = get<OfflineSessions>(offline_session_name(user_id, conn_id));
  // Two pairs could share a 64-bit hash; dex refuses the object that is not the one asked for.
  if (s && (s->user_id != user_id || s->conn_id != conn_id)) {
    return fail("kubernetes: offline session name collision: the object belongs to another user");
  }
  return s;
}
Result<void> KubeStorage::update_offline_sessions(std::string_view user_id, std::string_view conn_id,
                                                  const Updater<OfflineSessions>& updater) {
  return update<OfflineSessions>(offline_session_name(user_id, conn_id), updater,
                                 [](OfflineSessions& n, const OfflineSessions& o) {
                                   n.user_id = o.user_id;
                                   n.conn_id = o.conn_id;
                                 });
}
Result<void> KubeStorage::delete_offline_sessions(std::string_view user_id, std::string_view conn_id) {
  return remove(kOfflineSessions, offline_session_name(user_id, conn_id));
}

// The API has no transaction over two objects. Both are read and both updaters run before anything
// is written, so an updater that refuses leaves both as they were; then the token is swapped (a
// conflict starts everything over) and then the session (a conflict of its own re-reads it and
// re-runs only its updater). Between the two PUTs a reader can see the new token with the old
// session, as with dex's Kubernetes backend, which writes them in two calls as well.
Result<void> KubeStorage::update_refresh_token_and_offline_sessions(
    std::string_view id, const RefreshUpdater& token_updater, std::string_view user_id,
    std::string_view conn_id, const Updater<OfflineSessions>& session_updater) {
  const std::string token_name(id);
  const std::string session_name = offline_session_name(user_id, conn_id);
  std::mutex* first = &stripe(kRefreshTokens.plural, token_name);
  std::mutex* second = &stripe(kOfflineSessions.plural, session_name);
  if (second < first) std::swap(first, second);
  std::unique_lock lock_first(*first);
  std::unique_lock<std::mutex> lock_second;
  if (second != first) lock_second = std::unique_lock(*second);

  // Reads the session and runs its updater; the object to PUT, or an error.
  auto next_session = [&]() -> Result<nlohmann::json> {
    auto current = api_->get(kOfflineSessions, session_name);
    if (!current) return std::unexpected(current.error());
    if (!*current) return not_found();
    OfflineSessions session;
    if (auto d = decode(**current, session); !d) return std::unexpected(d.error());
    OfflineSessions kept = session;
    auto next = session_updater(std::move(session));
    if (!next) return std::unexpected(next.error());
    next->user_id = kept.user_id;
    next->conn_id = kept.conn_id;
    return replacement(**current, encode(*next, api_->ns()));
  };

  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) back_off(attempt);
    auto token_object = api_->get(kRefreshTokens, token_name);
    if (!token_object) return std::unexpected(token_object.error());
    if (!*token_object) return not_found();
    auto session_object = api_->get(kOfflineSessions, session_name);
    if (!session_object) return std::unexpected(session_object.error());
    if (!*session_object) return not_found();
    RefreshToken token;
    if (auto d = decode(**token_object, token); !d) return std::unexpected(d.error());
    OfflineSessions session;
    if (auto d = decode(**session_object, session); !d) return std::unexpected(d.error());
    auto next_token = token_updater(std::move(token), session);
    if (!next_token) return std::unexpected(next_token.error());
    next_token->id = token_name;
    OfflineSessions kept = session;
    auto session_next = session_updater(std::move(session));
    if (!session_next) return std::unexpected(session_next.error());
    session_next->user_id = kept.user_id;
    session_next->conn_id = kept.conn_id;

    auto token_written = api_->replace(kRefreshTokens, token_name,
                                       replacement(**token_object, encode(*next_token, api_->ns())));
    if (!token_written) return std::unexpected(token_written.error());
    if (!*token_written) continue;  // another writer changed the token: start over

    nlohmann::json put = replacement(**session_object, encode(*session_next, api_->ns()));
    for (int session_attempt = 0; session_attempt < kMaxAttempts; ++session_attempt) {
      if (session_attempt > 0) {
        back_off(session_attempt);
        auto again = next_session();
        if (!again) return std::unexpected(again.error());
        put = std::move(*again);
      }
      auto written = api_->replace(kOfflineSessions, session_name, put);
      if (!written) return std::unexpected(written.error());
      if (*written) return {};
    }
    return conflict(kOfflineSessions);
  }
  return conflict(kRefreshTokens);
}

// Passwords, named id_to_name(lower-cased email).
Result<void> KubeStorage::create_password(const Password& p) {
  Password lowered = p;
  lowered.email = base::go_to_lower(p.email);
  return create(lowered);
}
Result<Password> KubeStorage::get_password(std::string_view email) {
  const std::string lower = base::go_to_lower(email);
  auto p = get<Password>(id_to_name(lower));
  if (p) p->email = base::go_to_lower(p->email);
  return p;
}
Result<std::vector<Password>> KubeStorage::list_passwords() {
  auto all = list<Password>();
  if (all) {
    for (auto& p : *all) p.email = base::go_to_lower(p.email);
  }
  return all;
}
Result<void> KubeStorage::update_password(std::string_view email, const Updater<Password>& updater) {
  const std::string lower = base::go_to_lower(email);
  return update<Password>(id_to_name(lower), updater,
                          [&lower](Password& n, const Password&) { n.email = lower; });
}
Result<void> KubeStorage::delete_password(std::string_view email) {
  return remove(kPasswords, id_to_name(base::go_to_lower(email)));
}

// Connectors.
Result<void> KubeStorage::create_connector(const Connector& c) {
  return create(c);
}
Result<Connector> KubeStorage::get_connector(std::string_view id) {
  return get<Connector>(std::string(id));
}
Result<std::vector<Connector>> KubeStorage::list_connectors() {
  return list<Connector>();
}
Result<void> KubeStorage::update_connector(std::string_view id, const Updater<Connector>& updater) {
  return update<Connector>(std::string(id), updater, [](Connector& n, const Connector& o) { n.id = o.id; });
}
Result<void> KubeStorage::delete_connector(std::string_view id) {
  return remove(kConnectors, std::string(id));
}

// Keys: a missing object reads as empty Keys; the first update creates it.
Result<Keys> KubeStorage::get_keys() {
  auto keys = get<Keys>(std::string(kKeysName));
  if (!keys && keys.error().not_found()) return Keys{};
  return keys;
}
Result<void> KubeStorage::update_keys(const Updater<Keys>& updater) {
  return update<Keys>(
      std::string(kKeysName), updater, [](Keys&, const Keys&) {}, /*absent_is_empty=*/true);
}

// Device requests (named by the lower-cased user code) and tokens.
Result<void> KubeStorage::create_device_request(const DeviceRequest& r) {
  return create(r);
}
Result<DeviceRequest> KubeStorage::get_device_request(std::string_view user_code) {
  return get<DeviceRequest>(base::go_to_lower(user_code));
}
Result<void> KubeStorage::create_device_token(const DeviceToken& t) {
  return create(t);
}
Result<DeviceToken> KubeStorage::get_device_token(std::string_view device_code) {
  return get<DeviceToken>(std::string(device_code));
}
Result<void> KubeStorage::update_device_token(std::string_view device_code,
                                              const Updater<DeviceToken>& updater) {
  return update<DeviceToken>(std::string(device_code), updater,
                             [](DeviceToken& n, const DeviceToken& o) { n.device_code = o.device_code; });
}

// An object another replica deleted first counts for nobody; one we cannot decode is skipped (dex
// logs and skips it too) rather than stopping the collection.
template <class T>
Result<int64_t> KubeStorage::collect(Time now) {
  const Resource& r = resource_of<T>();
  auto objects = api_->list(r);
  if (!objects) return std::unexpected(objects.error());
  int64_t deleted = 0;
  for (const auto& object : *objects) {
    T value;
    if (!decode(object, value)) continue;
    if (!(value.expiry < now)) continue;
    auto d = api_->remove(r, metadata_name(object));
    if (!d) return std::unexpected(d.error());
    deleted += *d ? 1 : 0;
  }
  return deleted;
}

Result<GcResult> KubeStorage::garbage_collect(Time now) {
  GcResult r;
  auto requests = collect<AuthRequest>(now);
  if (!requests) return std::unexpected(requests.error());
  r.auth_requests = *requests;
  auto codes = collect<AuthCode>(now);
  if (!codes) return std::unexpected(codes.error());
  r.auth_codes = *codes;
  auto device_requests = collect<DeviceRequest>(now);
  if (!device_requests) return std::unexpected(device_requests.error());
  r.device_requests = *device_requests;
  auto device_tokens = collect<DeviceToken>(now);
  if (!device_tokens) return std::unexpected(device_tokens.error());
  r.device_tokens = *device_tokens;
  return r;
}

}  // namespace dexcc::storage::kubernetes
