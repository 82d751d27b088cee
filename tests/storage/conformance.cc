// Fixture set-up and the sample records the conformance tests share.
#include "storage/conformance.h"

#include <chrono>

#include "base/random.h"

namespace dexcc::storage::testing {

using namespace std::chrono;

namespace {
base::Duration g_precision = microseconds(1);  // set per test by SetUp
bool g_versions_connectors = false;            // likewise
}  // namespace

Connector comparable(Connector c) {
  if (g_versions_connectors) c.resource_version.clear();
  return c;
}

base::Duration time_precision() {
  return g_precision;
}

Time precise(Time t) {
  return std::chrono::floor<base::Duration>(t - Time{}) / g_precision * g_precision + Time{};
}

void StorageConformance::SetUp() {
  g_precision = GetParam().time_precision;
  g_versions_connectors = GetParam().versions_connectors;
  if (GetParam().unavailable) {
    if (std::string why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
  }
  storage_ = GetParam().open(scratch_.path());
  ASSERT_NE(storage_, nullptr);
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

Time never_expire() {
  return precise(Time(sys_days(year(2125) / 1 / 1)) + hours(3) + microseconds(123456));
}

Time sample_time() {
  return precise(Time(sys_days(year(2025) / 3 / 4)) + hours(5) + minutes(6) + seconds(7) + microseconds(890123));
}

Claims sample_claims() {
  return Claims{"1", "jane", "jane.d", "jane.doe@example.com", true, {"a", "b"}};
}

AuthRequest sample_auth_request(std::string client_id) {
  AuthRequest a;
  a.id = base::new_id();
  a.client_id = std::move(client_id);
  a.response_types = {"code"};
  a.scopes = {"openid", "email"};
  a.redirect_uri = "https://localhost:80/callback?a=1&b=<2>";
  a.nonce = "foo";
  a.state = "bar";
  a.force_approval_prompt = true;
  a.logged_in = true;
  a.expiry = never_expire();
  a.connector_id = "ldap";
  a.connector_data = R"({"some":"data"})";
  a.claims = sample_claims();
  a.pkce = {"challenge", "S256"};
  a.hmac_key = base::new_hmac_key();
  return a;
}

AuthCode sample_auth_code(std::string client_id) {
  AuthCode c;
  c.id = base::new_id();
  c.client_id = std::move(client_id);
  c.redirect_uri = "https://localhost:80/callback";
  c.nonce = "foobar";
  c.scopes = {"openid", "email"};
  c.expiry = never_expire();
  c.connector_id = "ldap";
  c.connector_data = std::string("\x00\x01\xff binary", 10);
  c.claims = sample_claims();
  c.pkce = {"challenge", "plain"};
  return c;
}

RefreshToken sample_refresh_token(std::string client_id) {
  RefreshToken r;
  r.id = base::new_id();
  r.token = "bar";
  r.obsolete_token = "";
  r.nonce = "foo";
  r.client_id = std::move(client_id);
  r.connector_id = "client_secret";
  r.scopes = {"openid", "email", "profile"};
  r.created_at = sample_time();
  r.last_used = sample_time() + seconds(1);
  r.claims = sample_claims();
  r.connector_data = R"({"some":"data"})";
  return r;
}

Client sample_client() {
  Client c;
  c.id = base::new_id();
  c.secret = "foobar";
  c.redirect_uris = {"foo://bar.com/", "https://auth.example.com"};
  c.trusted_peers = {"peer"};
  c.name = "dex client";
  c.logo_url = "https://goo.gl/JIyzIC";
  return c;
}

Password sample_password(std::string email) {
  Password p;
  p.email = std::move(email);
  p.hash = "$2a$10$33EMT0cVYVlPy6WAMCLsceLYjWhuHpbz5yuZxu/GAFj03J9Lytjuy";
  p.username = "jane";
  p.name = "Jane Doe";
  p.preferred_username = "jd";
  p.email_verified = false;
  p.user_id = "foobar";
  p.groups = {"admins", "devs"};
  return p;
}

Connector sample_connector(std::string id) {
  Connector c;
  c.id = std::move(id);
  c.type = "oidc";
  c.name = "OIDC";
  c.resource_version = "1";
  c.config = R"({"issuer":"https://example.com","clientID":"x"})";
  return c;
}

Keys sample_keys() {
  Keys k;
  k.signing_key =
      R"({"use":"sig","kty":"RSA","kid":"k1","alg":"RS256","n":"AQAB-private","e":"AQAB","d":"secret"})";
  k.signing_key_pub = R"({"use":"sig","kty":"RSA","kid":"k1","alg":"RS256","n":"AQAB-private","e":"AQAB"})";
  k.verification_keys = {
      {R"({"use":"sig","kty":"RSA","kid":"k0","alg":"RS256","n":"old","e":"AQAB"})", never_expire()}};
  k.next_rotation = sample_time();
  return k;
}

DeviceRequest sample_device_request() {
  DeviceRequest d;
  d.user_code = base::new_user_code();
  d.device_code = base::new_device_code();
  d.client_id = "client1";
  d.client_secret = "secret1";
  d.scopes = {"openid", "email"};
  d.expiry = never_expire();
  return d;
}

DeviceToken sample_device_token() {
  DeviceToken t;
  t.device_code = base::new_device_code();
  t.status = kDeviceTokenPending;
  t.token = "";
  t.expiry = never_expire();
  t.last_request_time = sample_time();
  t.poll_interval_seconds = 5;
  t.pkce = {"challenge", "S256"};
  return t;
}

OfflineSessions sample_offline_sessions(std::string user_id, std::string conn_id) {
  OfflineSessions s;
  s.user_id = std::move(user_id);
  s.conn_id = std::move(conn_id);
  s.connector_data = R"({"some":"data"})";
  return s;
}

}  // namespace dexcc::storage::testing
