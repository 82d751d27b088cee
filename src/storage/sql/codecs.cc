// Column-by-column mapping of each entity, in the order of its Table.
#include "storage/sql/codecs.h"

#include "storage/sql/encoding.h"

namespace dexcc::storage::sql {
namespace {

// claims_user_id, claims_username, claims_preferred_username, claims_email, claims_email_verified,
// claims_groups: the same run of columns in auth_request, auth_code and refresh_token.
void bind_claims(Params& q, const Claims& c) {
  q.text(c.user_id);
  q.text(c.username);
  q.text(c.preferred_username);
  q.text(c.email);
  q.boolean(c.email_verified);
  q.blob(encode_string_list(c.groups));
}

Claims read_claims(Columns& r) {
  Claims c;
  c.user_id = r.text();
  c.username = r.text();
  c.preferred_username = r.text();
  c.email = r.text();
  c.email_verified = r.boolean();
  c.groups = r.string_list("claims_groups");
  return c;
}

// The run from the claims to the PKCE columns, shared by auth_request and auth_code.
template <class T>
void bind_login(Params& q, const T& a) {
  bind_claims(q, a.claims);
  q.text(a.connector_id);
  q.bytes(a.connector_data);
  q.time(a.expiry);
  q.text(a.pkce.code_challenge);
  q.text(a.pkce.code_challenge_method);
}

template <class T>
void read_login(Columns& r, T& a) {
  a.claims = read_claims(r);
  a.connector_id = r.text();
  a.connector_data = r.text();
  a.expiry = r.time();
  a.pkce.code_challenge = r.text();
  a.pkce.code_challenge_method = r.text();
}

}  // namespace

Result<void> Codec<Client>::bind(Params& q, const Client& c) {
  q.text(c.secret);
  q.blob(encode_string_list(c.redirect_uris));
  q.blob(encode_string_list(c.trusted_peers));
  q.boolean(c.is_public);
  q.text(c.name);
  q.text(c.logo_url);
  return {};
}

Client Codec<Client>::read(Columns& r) {
  Client c;
  c.secret = r.text();
  c.redirect_uris = r.string_list("client.redirect_uris");
  c.trusted_peers = r.string_list("client.trusted_peers");
  c.is_public = r.boolean();
  c.name = r.text();
  c.logo_url = r.text();
  c.id = r.text();
  return c;
}

Result<void> Codec<AuthRequest>::bind(Params& q, const AuthRequest& a) {
  q.text(a.client_id);
  q.blob(encode_string_list(a.response_types));
  q.blob(encode_string_list(a.scopes));
  q.text(a.redirect_uri);
  q.text(a.nonce);
  q.text(a.state);
  q.boolean(a.force_approval_prompt);
  q.boolean(a.logged_in);
  bind_login(q, a);
  q.bytes(a.hmac_key);
  return {};
}

AuthRequest Codec<AuthRequest>::read(Columns& r) {
  AuthRequest a;
  a.client_id = r.text();
  a.response_types = r.string_list("auth_request.response_types");
  a.scopes = r.string_list("auth_request.scopes");
  a.redirect_uri = r.text();
  a.nonce = r.text();
  a.state = r.text();
  a.force_approval_prompt = r.boolean();
  a.logged_in = r.boolean();
  read_login(r, a);
  a.hmac_key = r.text();
  a.id = r.text();
  return a;
}

Result<void> Codec<AuthCode>::bind(Params& q, const AuthCode& a) {
  q.text(a.client_id);
  q.blob(encode_string_list(a.scopes));
  q.text(a.nonce);
  q.text(a.redirect_uri);
  bind_login(q, a);
  return {};
}

AuthCode Codec<AuthCode>::read(Columns& r) {
  AuthCode a;
  a.client_id = r.text();
  a.scopes = r.string_list("auth_code.scopes");
  a.nonce = r.text();
  a.redirect_uri = r.text();
  read_login(r, a);
  a.id = r.text();
  return a;
}

Result<void> Codec<RefreshToken>::bind(Params& q, const RefreshToken& t) {
  q.text(t.client_id);
  q.blob(encode_string_list(t.scopes));
  q.text(t.nonce);
  bind_claims(q, t.claims);
  q.text(t.connector_id);
  q.bytes(t.connector_data);
  q.text(t.token);
  q.text(t.obsolete_token);
  q.time(t.created_at);
  q.time(t.last_used);
  return {};
}

RefreshToken Codec<RefreshToken>::read(Columns& r) {
  RefreshToken t;
  t.client_id = r.text();
  t.scopes = r.string_list("refresh_token.scopes");
  t.nonce = r.text();
  t.claims = read_claims(r);
  t.connector_id = r.text();
  t.connector_data = r.text();
  t.token = r.text();
  t.obsolete_token = r.text();
  t.created_at = r.time();
  t.last_used = r.time();
  t.id = r.text();
  return t;
}

Result<void> Codec<Password>::bind(Params& q, const Password& p) {
  q.blob(p.hash);  // NOT NULL column
  q.text(p.username);
  q.text(p.user_id);
  q.text(p.preferred_username);
  q.blob(encode_string_list(p.groups));
  q.text(p.name);
  q.optional_boolean(p.email_verified);
  return {};
}

Password Codec<Password>::read(Columns& r) {
  Password p;
  p.hash = r.text();
  p.username = r.text();
  p.user_id = r.text();
  p.preferred_username = r.text();
  p.groups = r.string_list("password.groups");
  p.name = r.text();
  p.email_verified = r.optional_boolean();
  p.email = r.text();
  return p;
}

Result<void> Codec<Keys>::bind(Params& q, const Keys& k) {
  auto verification = encode_verification_keys(k.verification_keys);
  auto signing = encode_jwk(k.signing_key, "keys.signing_key");
  auto signing_pub = encode_jwk(k.signing_key_pub, "keys.signing_key_pub");
  if (!verification) return std::unexpected(verification.error());
  if (!signing) return std::unexpected(signing.error());
  if (!signing_pub) return std::unexpected(signing_pub.error());
  q.blob(*verification);
  q.blob(*signing);
  base::wipe(*signing);  // the parameter holds its own copy
  q.blob(*signing_pub);
  q.time(k.next_rotation);
  return {};
}

Keys Codec<Keys>::read(Columns& r) {
  Keys k;
  k.verification_keys = r.take(decode_verification_keys(r.text()));
  k.signing_key = r.take(decode_jwk(r.text(), "keys.signing_key"));
  k.signing_key_pub = r.take(decode_jwk(r.text(), "keys.signing_key_pub"));
  k.next_rotation = r.time();
  r.text();  // id, always "keys"
  return k;
}

Result<void> Codec<OfflineSessions>::bind(Params& q, const OfflineSessions& s) {
  q.blob(encode_refresh_refs(s.refresh));
  q.bytes(s.connector_data);
  return {};
}

OfflineSessions Codec<OfflineSessions>::read(Columns& r) {
  OfflineSessions s;
  s.refresh = r.take(decode_refresh_refs(r.text()));
  s.connector_data = r.text();
  s.user_id = r.text();
  s.conn_id = r.text();
  return s;
}

Result<void> Codec<Connector>::bind(Params& q, const Connector& c) {
  q.text(c.type);
  q.text(c.name);
  q.text(c.resource_version);
  q.bytes(c.config);
  return {};
}

Connector Codec<Connector>::read(Columns& r) {
  Connector c;
  c.type = r.text();
  c.name = r.text();
  c.resource_version = r.text();
  c.config = r.text();
  c.id = r.text();
  return c;
}

Result<void> Codec<DeviceRequest>::bind(Params& q, const DeviceRequest& d) {
  q.text(d.device_code);
  q.text(d.client_id);
  q.text(d.client_secret);
  q.blob(encode_string_list(d.scopes));
  q.time(d.expiry);
  return {};
}

DeviceRequest Codec<DeviceRequest>::read(Columns& r) {
  DeviceRequest d;
  d.device_code = r.text();
  d.client_id = r.text();
  d.client_secret = r.text();
  d.scopes = r.string_list("device_request.scopes");
  d.expiry = r.time();
  d.user_code = r.text();
  return d;
}

Result<void> Codec<DeviceToken>::bind(Params& q, const DeviceToken& d) {
  q.text(d.status);
  q.text(d.token);  // a Go string in dex, bound as text even though the column is bytes
  q.time(d.expiry);
  q.time(d.last_request_time);
  q.integer(d.poll_interval_seconds);
  q.text(d.pkce.code_challenge);
  q.text(d.pkce.code_challenge_method);
  return {};
}

DeviceToken Codec<DeviceToken>::read(Columns& r) {
  DeviceToken d;
  d.status = r.text();
  d.token = r.text();
  d.expiry = r.time();
  d.last_request_time = r.time();
  d.poll_interval_seconds = r.integer();
  d.pkce.code_challenge = r.text();
  d.pkce.code_challenge_method = r.text();
  d.device_code = r.text();
  return d;
}

std::vector<std::string> Columns::string_list(std::string_view column) {
  std::string json = text();
  if (json.empty()) return {};  // NULL or empty bytes: nothing stored
  return take(decode_string_list(json, column));
}

}  // namespace dexcc::storage::sql
