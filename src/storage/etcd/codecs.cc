// Encoders build dex's members in its struct order (ordered_json + Go's string escaping); decoders
// read members by dex's names and treat absent or null members as unset, as Go's decoder does.
#include "storage/etcd/codecs.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/go_json.h"
#include "base/time_format.h"
#include "storage/sql/encoding.h"

namespace dexcc::storage::etcd {
namespace {

using Out = nlohmann::ordered_json;
using In = nlohmann::ordered_json;  // keeps a JWK's member order as stored

Out bytes(const std::string& b) {
  return b.empty() ? Out(nullptr) : Out(base::base64_encode(b));
}
Out list(const std::vector<std::string>& l) {
  return l.empty() ? Out(nullptr) : Out(l);
}
Out time(Time t) {
  return base::format_rfc3339_nano(t);
}
Out claims(const Claims& c) {
  Out o = {{"userID", c.user_id},
           {"username", c.username},
           {"preferredUsername", c.preferred_username},
           {"email", c.email},
           {"emailVerified", c.email_verified}};
  if (!c.groups.empty()) o["groups"] = c.groups;  // omitempty
  return o;
}
void pkce(Out& o, const Pkce& p) {  // both omitempty
  if (!p.code_challenge.empty()) o["code_challenge"] = p.code_challenge;
  if (!p.code_challenge_method.empty()) o["code_challenge_method"] = p.code_challenge_method;
}
Result<Out> fragment(const Result<std::string>& text) {
  if (!text) return std::unexpected(text.error());
  return Out::parse(*text);
}

// Typed member reads over one decoded object; the first problem is kept and reported once.
class Reader {
 public:
  Reader(std::string_view json, std::string_view what) : what_(what) {
    doc_ = In::parse(json, nullptr, false);
    if (!doc_.is_object()) problem_ = "not a JSON object";
  }
  Reader(const In& object, std::string_view what) : doc_(object), what_(what) {
    if (!doc_.is_object()) problem_ = "not a JSON object";
  }

  const In* member(const char* name) {
    if (!problem_.empty()) return nullptr;
    auto it = doc_.find(name);
    return it == doc_.end() || it->is_null() ? nullptr : &*it;
  }
  void str(const char* name, std::string& out) {
    if (auto* v = member(name)) v->is_string() ? void(out = v->get<std::string>()) : bad(name);
  }
  void boolean(const char* name, bool& out) {
    if (auto* v = member(name)) v->is_boolean() ? void(out = v->get<bool>()) : bad(name);
  }
  void integer(const char* name, int64_t& out) {
    if (auto* v = member(name)) v->is_number_integer() ? void(out = v->get<int64_t>()) : bad(name);
  }
  void bytes(const char* name, std::string& out) {
    auto* v = member(name);
    if (!v) return;
    auto decoded = v->is_string() ? base::base64_decode(v->get_ref<const std::string&>()) : std::nullopt;
    decoded ? void(out = std::move(*decoded)) : bad(name);
  }
  void strings(const char* name, std::vector<std::string>& out) {
    auto* v = member(name);
    if (!v) return;
    if (!v->is_array()) return bad(name);
    for (const auto& e : *v) e.is_string() ? out.push_back(e.get<std::string>()) : bad(name);
  }
  void time(const char* name, Time& out) {
    auto* v = member(name);
    if (!v) return;
    auto t = v->is_string() ? base::parse_rfc3339(v->get_ref<const std::string&>()) : std::nullopt;
    t ? void(out = *t) : bad(name);
  }
  void claims(const char* name, Claims& c) {
    auto* v = member(name);
    if (!v) return;
    Reader r(*v, what_);
    r.str("userID", c.user_id);
    r.str("username", c.username);
    r.str("preferredUsername", c.preferred_username);
    r.str("email", c.email);
    r.boolean("emailVerified", c.email_verified);
    r.strings("groups", c.groups);
    if (!r.problem_.empty()) bad(name);
  }
  void pkce(Pkce& p) {
    str("code_challenge", p.code_challenge);
    str("code_challenge_method", p.code_challenge_method);
  }
  // The member's JSON text, for the decoders shared with the SQL backends.
  std::string raw(const char* name) {
    auto* v = member(name);
    return v ? v->dump() : "null";
  }
  void fail_with(const Error& e) {
    if (problem_.empty()) problem_ = e.message;
  }
  Result<void> done() const {
    if (problem_.empty()) return {};
    return fail(fmt::format("etcd: undecodable {}: {}", what_, problem_));
  }

 private:
  void bad(const char* name) {
    if (problem_.empty()) problem_ = fmt::format("member \"{}\" has the wrong type", name);
  }
  In doc_;
  std::string what_;
  std::string problem_;
};

}  // namespace

std::string encode(const Client& v) {
  // storage.Client itself: idEnv/secretEnv are config-only and always empty in storage.
  Out o = {{"id", v.id},
           {"idEnv", ""},
           {"secret", v.secret},
           {"secretEnv", ""},
           {"redirectURIs", list(v.redirect_uris)},
           {"trustedPeers", list(v.trusted_peers)},
           {"public", v.is_public},
           {"name", v.name},
           {"logoURL", v.logo_url}};
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, Client& v) {
  Reader r(json, "client");
  r.str("id", v.id);
  r.str("secret", v.secret);
  r.strings("redirectURIs", v.redirect_uris);
  r.strings("trustedPeers", v.trusted_peers);
  r.boolean("public", v.is_public);
  r.str("name", v.name);
  r.str("logoURL", v.logo_url);
  return r.done();
}

std::string encode(const AuthRequest& v) {
  Out o = {{"id", v.id},
           {"client_id", v.client_id},
           {"response_types", list(v.response_types)},
           {"scopes", list(v.scopes)},
           {"redirect_uri", v.redirect_uri},
           {"nonce", v.nonce},
           {"state", v.state},
           {"force_approval_prompt", v.force_approval_prompt},
           {"expiry", time(v.expiry)},
           {"logged_in", v.logged_in},
           {"claims", claims(v.claims)},
           {"connector_id", v.connector_id},
           {"connector_data", bytes(v.connector_data)}};
  pkce(o, v.pkce);
  o["hmac_key"] = bytes(v.hmac_key);
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, AuthRequest& v) {
  Reader r(json, "auth request");
  r.str("id", v.id);
  r.str("client_id", v.client_id);
  r.strings("response_types", v.response_types);
  r.strings("scopes", v.scopes);
  r.str("redirect_uri", v.redirect_uri);
  r.str("nonce", v.nonce);
  r.str("state", v.state);
  r.boolean("force_approval_prompt", v.force_approval_prompt);
  r.time("expiry", v.expiry);
  r.boolean("logged_in", v.logged_in);
  r.claims("claims", v.claims);
  r.str("connector_id", v.connector_id);
  r.bytes("connector_data", v.connector_data);
  r.pkce(v.pkce);
  r.bytes("hmac_key", v.hmac_key);
  return r.done();
}

std::string encode(const AuthCode& v) {
  Out o = {{"ID", v.id}, {"clientID", v.client_id}, {"redirectURI", v.redirect_uri}};
  if (!v.nonce.empty()) o["nonce"] = v.nonce;  // omitempty, like the next three
  if (!v.scopes.empty()) o["scopes"] = v.scopes;
  if (!v.connector_id.empty()) o["connectorID"] = v.connector_id;
  if (!v.connector_data.empty()) o["connectorData"] = bytes(v.connector_data);
  o["claims"] = claims(v.claims);  // omitempty never drops a struct
  o["expiry"] = time(v.expiry);
  pkce(o, v.pkce);
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, AuthCode& v) {
  Reader r(json, "auth code");
  r.str("ID", v.id);
  r.str("clientID", v.client_id);
  r.str("redirectURI", v.redirect_uri);
  r.str("nonce", v.nonce);
  r.strings("scopes", v.scopes);
  r.str("connectorID", v.connector_id);
  r.bytes("connectorData", v.connector_data);
  r.claims("claims", v.claims);
  r.time("expiry", v.expiry);
  r.pkce(v.pkce);
  return r.done();
}

std::string encode(const RefreshToken& v) {
  Out o = {{"id", v.id},
           {"token", v.token},
           {"obsolete_token", v.obsolete_token},
           {"created_at", time(v.created_at)},
           {"last_used", time(v.last_used)},
           {"client_id", v.client_id},
           {"connector_id", v.connector_id},
           {"connector_data", bytes(v.connector_data)},
           {"claims", claims(v.claims)},
           {"scopes", list(v.scopes)},
           {"nonce", v.nonce}};
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, RefreshToken& v) {
  Reader r(json, "refresh token");
  r.str("id", v.id);
  r.str("token", v.token);
  r.str("obsolete_token", v.obsolete_token);
  r.time("created_at", v.created_at);
  r.time("last_used", v.last_used);
  r.str("client_id", v.client_id);
  r.str("connector_id", v.connector_id);
  r.bytes("connector_data", v.connector_data);
  r.claims("claims", v.claims);
  r.strings("scopes", v.scopes);
  r.str("nonce", v.nonce);
  return r.done();
}

std::string encode(const OfflineSessions& v) {
  Out o = Out::object();  // every member omitempty
  if (!v.user_id.empty()) o["user_id"] = v.user_id;
  if (!v.conn_id.empty()) o["conn_id"] = v.conn_id;
  if (!v.refresh.empty()) o["refresh"] = Out::parse(sql::encode_refresh_refs(v.refresh));
  if (!v.connector_data.empty()) o["connectorData"] = bytes(v.connector_data);
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, OfflineSessions& v) {
  Reader r(json, "offline session");
  r.str("user_id", v.user_id);
  r.str("conn_id", v.conn_id);
  if (auto refs = sql::decode_refresh_refs(r.raw("refresh"))) {
    v.refresh = std::move(*refs);
  } else {
    r.fail_with(refs.error());
  }
  r.bytes("connectorData", v.connector_data);
  return r.done();
}

std::string encode(const Password& v) {
  // storage.Password itself; hashFromEnv is config-only and always empty in storage.
  Out o = {{"email", v.email},
           {"hash", bytes(v.hash)},
           {"hashFromEnv", ""},
           {"username", v.username},
           {"name", v.name},
           {"preferredUsername", v.preferred_username},
           {"emailVerified", v.email_verified ? Out(*v.email_verified) : Out(nullptr)},
           {"userID", v.user_id},
           {"groups", list(v.groups)}};
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, Password& v) {
  Reader r(json, "password");
  r.str("email", v.email);
  r.bytes("hash", v.hash);
  r.str("username", v.username);
  r.str("name", v.name);
  r.str("preferredUsername", v.preferred_username);
  bool verified = false;
  if (r.member("emailVerified")) {
    r.boolean("emailVerified", verified);
    v.email_verified = verified;
  }
  r.str("userID", v.user_id);
  r.strings("groups", v.groups);
  return r.done();
}

std::string encode(const Connector& v) {
  Out o = {{"id", v.id},
           {"type", v.type},
           {"name", v.name},
           {"resourceVersion", v.resource_version},
           {"email", bytes(v.config)}};  // sic: dex's tag for Config
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, Connector& v) {
  Reader r(json, "connector");
  r.str("id", v.id);
  r.str("type", v.type);
  r.str("name", v.name);
  r.str("resourceVersion", v.resource_version);
  r.bytes("email", v.config);
  return r.done();
}

Result<std::string> encode(const Keys& v) {
  // storage.Keys has no JSON tags, so dex writes Go's field names here.
  auto signing = fragment(sql::encode_jwk(v.signing_key, "SigningKey"));
  if (!signing) return std::unexpected(signing.error());
  auto pub = fragment(sql::encode_jwk(v.signing_key_pub, "SigningKeyPub"));
  if (!pub) return std::unexpected(pub.error());
  auto verification = fragment(sql::encode_verification_keys(v.verification_keys));
  if (!verification) return std::unexpected(verification.error());
  Out o = {{"SigningKey", std::move(*signing)},
           {"SigningKeyPub", std::move(*pub)},
           {"VerificationKeys", std::move(*verification)},
           {"NextRotation", time(v.next_rotation)}};
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, Keys& v) {
  Reader r(json, "keys");
  auto signing = sql::decode_jwk(r.raw("SigningKey"), "SigningKey");
  signing ? void(v.signing_key = std::move(*signing)) : r.fail_with(signing.error());
  auto pub = sql::decode_jwk(r.raw("SigningKeyPub"), "SigningKeyPub");
  pub ? void(v.signing_key_pub = std::move(*pub)) : r.fail_with(pub.error());
  auto verification = sql::decode_verification_keys(r.raw("VerificationKeys"));
  verification ? void(v.verification_keys = std::move(*verification)) : r.fail_with(verification.error());
  r.time("NextRotation", v.next_rotation);
  return r.done();
}

std::string encode(const DeviceRequest& v) {
  Out o = {{"user_code", v.user_code},         {"device_code", v.device_code}, {"client_id", v.client_id},
           {"client_secret", v.client_secret}, {"scopes", list(v.scopes)},     {"expiry", time(v.expiry)}};
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, DeviceRequest& v) {
  Reader r(json, "device request");
  r.str("user_code", v.user_code);
  r.str("device_code", v.device_code);
  r.str("client_id", v.client_id);
  r.str("client_secret", v.client_secret);
  r.strings("scopes", v.scopes);
  r.time("expiry", v.expiry);
  return r.done();
}

std::string encode(const DeviceToken& v) {
  Out o = {{"device_code", v.device_code},
           {"status", v.status},
           {"token", v.token},
           {"expiry", time(v.expiry)},
           {"last_request", time(v.last_request_time)},
           {"poll_interval", v.poll_interval_seconds}};
  pkce(o, v.pkce);
  return base::go_json_dump(o);
}

Result<void> decode(std::string_view json, DeviceToken& v) {
  Reader r(json, "device token");
  r.str("device_code", v.device_code);
  r.str("status", v.status);
  r.str("token", v.token);
  r.time("expiry", v.expiry);
  r.time("last_request", v.last_request_time);
  r.integer("poll_interval", v.poll_interval_seconds);
  r.pkce(v.pkce);
  return r.done();
}

}  // namespace dexcc::storage::etcd
