// Encoders write dex's members in its struct order, leaving out what dex marks omitempty; decoders
// read dex's member names and accept what Go's decoder accepts (null for unset, extra members).
#include "storage/kubernetes/codecs.h"

#include <fmt/format.h>

#include "base/base64.h"
#include "base/text.h"
#include "base/time_format.h"
#include "storage/sql/encoding.h"

namespace dexcc::storage::kubernetes {
namespace {

Object header(const Resource& r, const std::string& name, std::string_view ns) {
  return Object{
      {"kind", r.kind}, {"apiVersion", kApiVersion}, {"metadata", Object{{"name", name}, {"namespace", ns}}}};
}

void put_string(Object& o, const char* key, const std::string& v) {  // omitempty
  if (!v.empty()) o[key] = v;
}
void put_bytes(Object& o, const char* key, const std::string& v) {  // []byte, omitempty
  if (!v.empty()) o[key] = base::base64_encode(v);
}
void put_list(Object& o, const char* key, const std::vector<std::string>& v) {  // omitempty
  if (!v.empty()) o[key] = v;
}
std::string time(Time t) {
  return base::format_rfc3339_nano(t);
}
Object claims(const Claims& c) {
  Object o{{"userID", c.user_id},
           {"username", c.username},
           {"preferredUsername", c.preferred_username},
           {"email", c.email},
           {"emailVerified", c.email_verified}};
  put_list(o, "groups", c.groups);
  return o;
}
void put_pkce(Object& o, const Pkce& p) {
  put_string(o, "code_challenge", p.code_challenge);
  put_string(o, "code_challenge_method", p.code_challenge_method);
}

// The API server keeps custom objects as maps and answers with their members sorted, so a JWK comes
// back in another order than it was written. Keys hold JWKs as text, so they are put back in the
// order go-jose writes them (its rawJSONWebKey fields); members it does not know follow.
nlohmann::ordered_json go_jose_order(const nlohmann::json& jwk) {
  static constexpr const char* kOrder[] = {"use", "kty", "kid", "crv", "alg", "k",       "x",
                                           "y",   "n",   "e",   "d",   "p",   "q",       "dp",
                                           "dq",  "qi",  "x5c", "x5u", "x5t", "x5t#S256"};
  if (!jwk.is_object()) return nlohmann::ordered_json(jwk);
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const char* key : kOrder) {
    if (auto it = jwk.find(key); it != jwk.end()) out[key] = nlohmann::ordered_json(*it);
  }
  for (const auto& [key, value] : jwk.items()) {
    if (!out.contains(key)) out[key] = nlohmann::ordered_json(value);
  }
  return out;
}

// Member reads over one object; the first problem is kept and reported by done().
class Fields {
 public:
  Fields(const nlohmann::json& object, std::string_view kind) : object_(object), kind_(kind) {
    if (!object_.is_object()) problem_ = "not a JSON object";
  }

  const nlohmann::json* find(std::string_view key) {
    if (!problem_.empty()) return nullptr;
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  void string(std::string_view key, std::string& out) {
    if (auto* v = find(key)) v->is_string() ? void(out = v->get<std::string>()) : wrong(key);
  }
  void boolean(std::string_view key, bool& out) {
    if (auto* v = find(key)) v->is_boolean() ? void(out = v->get<bool>()) : wrong(key);
  }
  void bytes(std::string_view key, std::string& out) {
    auto* v = find(key);
    if (!v) return;
    auto decoded = v->is_string() ? base::base64_decode(v->get_ref<const std::string&>()) : std::nullopt;
    decoded ? void(out = std::move(*decoded)) : wrong(key);
  }
  void list(std::string_view key, std::vector<std::string>& out) {
    auto* v = find(key);
    if (!v) return;
    if (!v->is_array()) return wrong(key);
    for (const auto& e : *v) e.is_string() ? out.push_back(e.get<std::string>()) : wrong(key);
  }
  void time(std::string_view key, Time& out) {
    auto* v = find(key);
    if (!v) return;
    auto t = v->is_string() ? base::parse_rfc3339(v->get_ref<const std::string&>()) : std::nullopt;
    t ? void(out = *t) : wrong(key);
  }
  void integer(std::string_view key, int64_t& out) {
    if (auto* v = find(key)) v->is_number_integer() ? void(out = v->get<int64_t>()) : wrong(key);
  }
  void claims(Claims& c) {
    auto* v = find("claims");
    if (!v) return;
    Fields f(*v, kind_);
    f.string("userID", c.user_id);
    f.string("username", c.username);
    f.string("preferredUsername", c.preferred_username);
    f.string("email", c.email);
    f.boolean("emailVerified", c.email_verified);
    f.list("groups", c.groups);
    if (!f.problem_.empty()) wrong("claims");
  }
  void pkce(Pkce& p) {
    string("code_challenge", p.code_challenge);
    string("code_challenge_method", p.code_challenge_method);
  }
  std::string name() {
    std::string n;
    if (auto* meta = find("metadata"); meta && meta->is_object()) {
      Fields m(*meta, kind_);
      m.string("name", n);
    }
    return n;
  }
  // A member's JSON text, for the decoders shared with the SQL backends.
  std::string raw(std::string_view key) {
    auto* v = find(key);
    return v ? v->dump() : "null";
  }
  void fail_with(const Error& e) {
    if (problem_.empty()) problem_ = e.message;
  }
  Result<void> done() const {
    if (problem_.empty()) return {};
    return fail(fmt::format("kubernetes: undecodable {}: {}", kind_, problem_));
  }

 private:
  void wrong(std::string_view key) {
    if (problem_.empty()) problem_ = fmt::format("member \"{}\" has the wrong type", key);
  }

  const nlohmann::json& object_;
  std::string_view kind_;
  std::string problem_;
};

}  // namespace

template <>
const Resource& resource_of<Client>() {
  return kClients;
}
template <>
const Resource& resource_of<AuthRequest>() {
  return kAuthRequests;
}
template <>
const Resource& resource_of<AuthCode>() {
  return kAuthCodes;
}
template <>
const Resource& resource_of<RefreshToken>() {
  return kRefreshTokens;
}
template <>
const Resource& resource_of<OfflineSessions>() {
  return kOfflineSessions;
}
template <>
const Resource& resource_of<Password>() {
  return kPasswords;
}
template <>
const Resource& resource_of<Connector>() {
  return kConnectors;
}
template <>
const Resource& resource_of<Keys>() {
  return kKeys;
}
template <>
const Resource& resource_of<DeviceRequest>() {
  return kDeviceRequests;
}
template <>
const Resource& resource_of<DeviceToken>() {
  return kDeviceTokens;
}

std::string object_name(const Client& v) {
  return id_to_name(v.id);
}
std::string object_name(const AuthRequest& v) {
  return v.id;
}
std::string object_name(const AuthCode& v) {
  return v.id;
}
std::string object_name(const RefreshToken& v) {
  return v.id;
}
std::string object_name(const OfflineSessions& v) {
  return offline_session_name(v.user_id, v.conn_id);
}
std::string object_name(const Password& v) {
  return id_to_name(base::go_to_lower(v.email));
}
std::string object_name(const Connector& v) {
  return v.id;
}
std::string object_name(const Keys&) {
  return std::string(kKeysName);
}
std::string object_name(const DeviceRequest& v) {
  return base::go_to_lower(v.user_code);
}
std::string object_name(const DeviceToken& v) {
  return v.device_code;
}

Object encode(const Client& v, std::string_view ns) {
  Object o = header(kClients, object_name(v), ns);
  put_string(o, "id", v.id);
  put_string(o, "secret", v.secret);
  put_list(o, "redirectURIs", v.redirect_uris);
  put_list(o, "trustedPeers", v.trusted_peers);
  o["public"] = v.is_public;
  put_string(o, "name", v.name);
  put_string(o, "logoURL", v.logo_url);
  return o;
}
Result<void> decode(const nlohmann::json& object, Client& v) {
  Fields f(object, "OAuth2Client");
  f.string("id", v.id);
  f.string("secret", v.secret);
  f.list("redirectURIs", v.redirect_uris);
  f.list("trustedPeers", v.trusted_peers);
  f.boolean("public", v.is_public);
  f.string("name", v.name);
  f.string("logoURL", v.logo_url);
  return f.done();
}

Object encode(const AuthRequest& v, std::string_view ns) {
  Object o = header(kAuthRequests, object_name(v), ns);
  o["clientID"] = v.client_id;
  put_list(o, "responseTypes", v.response_types);
  put_list(o, "scopes", v.scopes);
  o["redirectURI"] = v.redirect_uri;
  put_string(o, "nonce", v.nonce);
  put_string(o, "state", v.state);
  if (v.force_approval_prompt) o["forceApprovalPrompt"] = true;
  o["loggedIn"] = v.logged_in;
  o["claims"] = claims(v.claims);
  put_string(o, "connectorID", v.connector_id);
  put_bytes(o, "connectorData", v.connector_data);
  o["expiry"] = time(v.expiry);
  put_pkce(o, v.pkce);
  o["hmac_key"] = v.hmac_key.empty() ? Object(nullptr) : Object(base::base64_encode(v.hmac_key));
  return o;
}
Result<void> decode(const nlohmann::json& object, AuthRequest& v) {
  Fields f(object, "AuthRequest");
  v.id = f.name();
  f.string("clientID", v.client_id);
  f.list("responseTypes", v.response_types);
  f.list("scopes", v.scopes);
  f.string("redirectURI", v.redirect_uri);
  f.string("nonce", v.nonce);
  f.string("state", v.state);
  f.boolean("forceApprovalPrompt", v.force_approval_prompt);
  f.boolean("loggedIn", v.logged_in);
  f.claims(v.claims);
  f.string("connectorID", v.connector_id);
  f.bytes("connectorData", v.connector_data);
  f.time("expiry", v.expiry);
  f.pkce(v.pkce);
  f.bytes("hmac_key", v.hmac_key);
  return f.done();
}

Object encode(const AuthCode& v, std::string_view ns) {
  Object o = header(kAuthCodes, object_name(v), ns);
  o["clientID"] = v.client_id;
  put_list(o, "scopes", v.scopes);
  o["redirectURI"] = v.redirect_uri;
  put_string(o, "nonce", v.nonce);
  o["claims"] = claims(v.claims);
  put_string(o, "connectorID", v.connector_id);
  put_bytes(o, "connectorData", v.connector_data);
  o["expiry"] = time(v.expiry);
  put_pkce(o, v.pkce);
  return o;
}
Result<void> decode(const nlohmann::json& object, AuthCode& v) {
  Fields f(object, "AuthCode");
  v.id = f.name();
  f.string("clientID", v.client_id);
  f.list("scopes", v.scopes);
  f.string("redirectURI", v.redirect_uri);
  f.string("nonce", v.nonce);
  f.claims(v.claims);
  f.string("connectorID", v.connector_id);
  f.bytes("connectorData", v.connector_data);
  f.time("expiry", v.expiry);
  f.pkce(v.pkce);
  return f.done();
}

Object encode(const RefreshToken& v, std::string_view ns) {
  Object o = header(kRefreshTokens, object_name(v), ns);
  o["CreatedAt"] = time(v.created_at);  // untagged in dex: Go's field names
  o["LastUsed"] = time(v.last_used);
  o["clientID"] = v.client_id;
  put_list(o, "scopes", v.scopes);
  put_string(o, "token", v.token);
  put_string(o, "obsoleteToken", v.obsolete_token);
  put_string(o, "nonce", v.nonce);
  o["claims"] = claims(v.claims);
  put_string(o, "connectorID", v.connector_id);
  put_bytes(o, "connectorData", v.connector_data);
  return o;
}
Result<void> decode(const nlohmann::json& object, RefreshToken& v) {
  Fields f(object, "RefreshToken");
  v.id = f.name();
  f.time("CreatedAt", v.created_at);
  f.time("LastUsed", v.last_used);
  f.string("clientID", v.client_id);
  f.list("scopes", v.scopes);
  f.string("token", v.token);
  f.string("obsoleteToken", v.obsolete_token);
  f.string("nonce", v.nonce);
  f.claims(v.claims);
  f.string("connectorID", v.connector_id);
  f.bytes("connectorData", v.connector_data);
  return f.done();
}

Object encode(const OfflineSessions& v, std::string_view ns) {
  Object o = header(kOfflineSessions, object_name(v), ns);
  put_string(o, "userID", v.user_id);
  put_string(o, "connID", v.conn_id);
  // map[string]*storage.RefreshTokenRef: untagged, so Go's field names, as in the SQL column.
  if (!v.refresh.empty()) o["refresh"] = Object::parse(sql::encode_refresh_refs(v.refresh));
  put_bytes(o, "connectorData", v.connector_data);
  return o;
}
Result<void> decode(const nlohmann::json& object, OfflineSessions& v) {
  Fields f(object, "OfflineSessions");
  f.string("userID", v.user_id);
  f.string("connID", v.conn_id);
  if (auto refs = sql::decode_refresh_refs(f.raw("refresh"))) {
    v.refresh = std::move(*refs);
  } else {
    f.fail_with(refs.error());
  }
  f.bytes("connectorData", v.connector_data);
  return f.done();
}

Object encode(const Password& v, std::string_view ns) {
  Object o = header(kPasswords, object_name(v), ns);
  put_string(o, "email", base::go_to_lower(v.email));
  put_bytes(o, "hash", v.hash);
  put_string(o, "username", v.username);
  put_string(o, "userID", v.user_id);
  // Newer storage.Password fields, omitted when empty so objects of users without them are the
  // objects dex writes; dex ignores members it does not know.
  put_string(o, "name", v.name);
  put_string(o, "preferredUsername", v.preferred_username);
  if (v.email_verified) o["emailVerified"] = *v.email_verified;
  put_list(o, "groups", v.groups);
  return o;
}
Result<void> decode(const nlohmann::json& object, Password& v) {
  Fields f(object, "Password");
  f.string("email", v.email);
  f.bytes("hash", v.hash);
  f.string("username", v.username);
  f.string("userID", v.user_id);
  f.string("name", v.name);
  f.string("preferredUsername", v.preferred_username);
  if (f.find("emailVerified")) {
    bool verified = true;
    f.boolean("emailVerified", verified);
    v.email_verified = verified;
  }
  f.list("groups", v.groups);
  return f.done();
}

Object encode(const Connector& v, std::string_view ns) {
  Object o = header(kConnectors, object_name(v), ns);
  put_string(o, "id", v.id);
  put_string(o, "type", v.type);
  put_string(o, "name", v.name);
  put_bytes(o, "config", v.config);
  return o;
}
Result<void> decode(const nlohmann::json& object, Connector& v) {
  Fields f(object, "Connector");
  f.string("id", v.id);
  f.string("type", v.type);
  f.string("name", v.name);
  f.bytes("config", v.config);
  if (auto* meta = f.find("metadata"); meta && meta->is_object()) {
    Fields m(*meta, "Connector");
    m.string("resourceVersion", v.resource_version);  // dex's ResourceVersion is the object's
  }
  return f.done();
}

Result<Object> encode(const Keys& v, std::string_view ns) {
  Object o = header(kKeys, object_name(v), ns);
  if (!v.signing_key.empty()) {
    auto jwk = sql::encode_jwk(v.signing_key, "signingKey");
    if (!jwk) return std::unexpected(jwk.error());
    o["signingKey"] = Object::parse(*jwk);
  }
  if (!v.signing_key_pub.empty()) {
    auto jwk = sql::encode_jwk(v.signing_key_pub, "signingKeyPub");
    if (!jwk) return std::unexpected(jwk.error());
    o["signingKeyPub"] = Object::parse(*jwk);
  }
  if (!v.verification_keys.empty()) {
    auto keys = sql::encode_verification_keys(v.verification_keys);
    if (!keys) return std::unexpected(keys.error());
    o["verificationKeys"] = Object::parse(*keys);
  }
  o["nextRotation"] = time(v.next_rotation);
  return o;
}
Result<void> decode(const nlohmann::json& object, Keys& v) {
  Fields f(object, "SigningKey");
  auto jwk_text = [&f](std::string_view key) {
    auto* v = f.find(key);
    return v ? go_jose_order(*v).dump() : std::string("null");
  };
  auto signing = sql::decode_jwk(jwk_text("signingKey"), "signingKey");
  signing ? void(v.signing_key = std::move(*signing)) : f.fail_with(signing.error());
  auto pub = sql::decode_jwk(jwk_text("signingKeyPub"), "signingKeyPub");
  pub ? void(v.signing_key_pub = std::move(*pub)) : f.fail_with(pub.error());
  std::string verification = "null";
  if (auto* list = f.find("verificationKeys"); list && list->is_array()) {
    nlohmann::ordered_json ordered = nlohmann::ordered_json::array();
    for (const auto& entry : *list) {
      nlohmann::ordered_json e(entry);
      if (entry.is_object() && entry.contains("publicKey"))
        e["publicKey"] = go_jose_order(entry["publicKey"]);
      ordered.push_back(std::move(e));
    }
    verification = ordered.dump();
  } else if (list) {
    verification = list->dump();
  }
  auto keys = sql::decode_verification_keys(verification);
  keys ? void(v.verification_keys = std::move(*keys)) : f.fail_with(keys.error());
  f.time("nextRotation", v.next_rotation);
  return f.done();
}

Object encode(const DeviceRequest& v, std::string_view ns) {
  Object o = header(kDeviceRequests, object_name(v), ns);
  put_string(o, "device_code", v.device_code);
  put_string(o, "client_id", v.client_id);
  put_string(o, "client_secret", v.client_secret);
  put_list(o, "scopes", v.scopes);
  o["expiry"] = time(v.expiry);
  return o;
}
Result<void> decode(const nlohmann::json& object, DeviceRequest& v) {
  Fields f(object, "DeviceRequest");
  v.user_code = f.name();  // dex keeps the user code only in the name, lower-cased
  for (char& c : v.user_code) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  f.string("device_code", v.device_code);
  f.string("client_id", v.client_id);
  f.string("client_secret", v.client_secret);
  f.list("scopes", v.scopes);
  f.time("expiry", v.expiry);
  return f.done();
}

Object encode(const DeviceToken& v, std::string_view ns) {
  Object o = header(kDeviceTokens, object_name(v), ns);
  put_string(o, "status", v.status);
  put_string(o, "token", v.token);
  o["expiry"] = time(v.expiry);
  o["last_request"] = time(v.last_request_time);
  o["poll_interval"] = v.poll_interval_seconds;
  put_pkce(o, v.pkce);
  return o;
}
Result<void> decode(const nlohmann::json& object, DeviceToken& v) {
  Fields f(object, "DeviceToken");
  v.device_code = f.name();
  f.string("status", v.status);
  f.string("token", v.token);
  f.time("expiry", v.expiry);
  f.time("last_request", v.last_request_time);
  f.integer("poll_interval", v.poll_interval_seconds);
  f.pkce(v.pkce);
  return f.done();
}

}  // namespace dexcc::storage::kubernetes
