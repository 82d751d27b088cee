// Conformance: create/get/list/update/delete of every entity, with dex's error cases.
#include <algorithm>

#include "base/random.h"
#include "storage/conformance.h"

namespace dexcc::storage::testing {
namespace {

using K = ErrorKind;

template <class T, class KeyOf>
void sort_by(std::vector<T>& v, KeyOf key) {
  std::sort(v.begin(), v.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

TEST_P(StorageConformance, AuthRequestCRUD) {
  AuthRequest a1 = sample_auth_request("client1");
  ASSERT_STORAGE_OK(s().create_auth_request(a1));
  EXPECT_STORAGE_ERROR(s().create_auth_request(a1), K::kAlreadyExists);

  AuthRequest a2 = sample_auth_request("client2");
  a2.claims = Claims{"2", "john", "", "john.doe@example.com", true, {"a"}};
  ASSERT_STORAGE_OK(s().create_auth_request(a2));

  auto got = s().get_auth_request(a1.id);
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(*got, a1);

  Claims identity{.email = "foobar"};
  ASSERT_STORAGE_OK(s().update_auth_request(a1.id, [&](AuthRequest old) -> Result<AuthRequest> {
    old.claims = identity;
    old.connector_id = "connID";
    return old;
  }));
  got = s().get_auth_request(a1.id);
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(got->claims, identity);
  EXPECT_EQ(got->connector_id, "connID");
  EXPECT_EQ(*s().get_auth_request(a2.id), a2) << "updating one record must not touch another";

  ASSERT_STORAGE_OK(s().delete_auth_request(a1.id));
  ASSERT_STORAGE_OK(s().delete_auth_request(a2.id));
  EXPECT_STORAGE_ERROR(s().get_auth_request(a1.id), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().delete_auth_request(a1.id), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().update_auth_request(a1.id, [](AuthRequest a) -> Result<AuthRequest> { return a; }),
                       K::kNotFound);
}

TEST_P(StorageConformance, AuthCodeCRUD) {
  AuthCode a1 = sample_auth_code("client1");
  ASSERT_STORAGE_OK(s().create_auth_code(a1));
  AuthCode a2 = sample_auth_code("client2");
  a2.claims = Claims{"2", "john", "", "john.doe@example.com", true, {"a"}};
  EXPECT_STORAGE_ERROR(s().create_auth_code(a1), K::kAlreadyExists);
  ASSERT_STORAGE_OK(s().create_auth_code(a2));

  auto got = s().get_auth_code(a1.id);
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(*got, a1);
  EXPECT_EQ(got->connector_data, a1.connector_data) << "raw bytes, including NUL, survive";

  ASSERT_STORAGE_OK(s().delete_auth_code(a1.id));
  ASSERT_STORAGE_OK(s().delete_auth_code(a2.id));
  EXPECT_STORAGE_ERROR(s().get_auth_code(a1.id), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().delete_auth_code(a1.id), K::kNotFound);
}

TEST_P(StorageConformance, ClientCRUD) {
  Client c1 = sample_client();
  EXPECT_STORAGE_ERROR(s().delete_client(c1.id), K::kNotFound);
  ASSERT_STORAGE_OK(s().create_client(c1));
  EXPECT_STORAGE_ERROR(s().create_client(c1), K::kAlreadyExists);

  Client c2 = sample_client();
  c2.secret = "barfoo";
  c2.is_public = true;
  c2.trusted_peers.clear();
  ASSERT_STORAGE_OK(s().create_client(c2));
  EXPECT_EQ(*s().get_client(c1.id), c1);
  EXPECT_EQ(*s().get_client(c2.id), c2);

  ASSERT_STORAGE_OK(s().update_client(c1.id, [](Client old) -> Result<Client> {
    old.secret = "barfoo";
    return old;
  }));
  c1.secret = "barfoo";
  EXPECT_EQ(*s().get_client(c1.id), c1);

  auto list = s().list_clients();
  ASSERT_STORAGE_OK(list);
  std::vector<Client> want{c1, c2};
  sort_by(*list, [](const Client& c) { return c.id; });
  sort_by(want, [](const Client& c) { return c.id; });
  EXPECT_EQ(*list, want);

  ASSERT_STORAGE_OK(s().delete_client(c1.id));
  ASSERT_STORAGE_OK(s().delete_client(c2.id));
  EXPECT_STORAGE_ERROR(s().get_client(c1.id), K::kNotFound);
  EXPECT_TRUE(s().list_clients()->empty());
  EXPECT_STORAGE_ERROR(s().update_client(c1.id, [](Client c) -> Result<Client> { return c; }), K::kNotFound);
}

TEST_P(StorageConformance, RefreshTokenCRUD) {
  RefreshToken r1 = sample_refresh_token("client_id");
  ASSERT_STORAGE_OK(s().create_refresh_token(r1));
  EXPECT_STORAGE_ERROR(s().create_refresh_token(r1), K::kAlreadyExists);
  EXPECT_EQ(*s().get_refresh_token(r1.id), r1);

  RefreshToken r2 = sample_refresh_token("client_id_2");
  r2.token = "bar_2";
  r2.nonce = "foo_2";
  r2.connector_data.clear();
  ASSERT_STORAGE_OK(s().create_refresh_token(r2));
  EXPECT_EQ(*s().get_refresh_token(r2.id), r2);

  Time updated_at = sample_time() + std::chrono::hours(1);
  ASSERT_STORAGE_OK(s().update_refresh_token(r1.id, [&](RefreshToken r) -> Result<RefreshToken> {
    r.obsolete_token = r.token;
    r.token = "spam";
    r.last_used = updated_at;
    r.connector_data.clear();
    return r;
  }));
  r1.obsolete_token = r1.token;
  r1.token = "spam";
  r1.last_used = updated_at;
  r1.connector_data.clear();
  EXPECT_EQ(*s().get_refresh_token(r1.id), r1);
  // Updating the first token does not touch the second (dex issue #847).
  EXPECT_EQ(*s().get_refresh_token(r2.id), r2);

  auto list = s().list_refresh_tokens();
  ASSERT_STORAGE_OK(list);
  std::vector<RefreshToken> want{r1, r2};
  sort_by(*list, [](const RefreshToken& r) { return r.id; });
  sort_by(want, [](const RefreshToken& r) { return r.id; });
  EXPECT_EQ(*list, want);

  ASSERT_STORAGE_OK(s().delete_refresh_token(r1.id));
  ASSERT_STORAGE_OK(s().delete_refresh_token(r2.id));
  EXPECT_STORAGE_ERROR(s().get_refresh_token(r1.id), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().delete_refresh_token(r1.id), K::kNotFound);
}

TEST_P(StorageConformance, PasswordCRUD) {
  Password p1 = sample_password("jane@example.com");
  ASSERT_STORAGE_OK(s().create_password(p1));
  EXPECT_STORAGE_ERROR(s().create_password(p1), K::kAlreadyExists);
  Password upper = p1;
  upper.email = "JANE@EXAMPLE.COM";
  EXPECT_STORAGE_ERROR(s().create_password(upper), K::kAlreadyExists) << "emails are case-insensitive";

  Password p2 = sample_password("John@Example.com");
  p2.email_verified.reset();
  p2.groups.clear();
  ASSERT_STORAGE_OK(s().create_password(p2));

  EXPECT_EQ(*s().get_password("jane@example.com"), p1);
  EXPECT_EQ(*s().get_password("JANE@example.com"), p1);
  auto john = s().get_password("john@example.com");
  ASSERT_STORAGE_OK(john);
  EXPECT_EQ(john->email, "john@example.com") << "stored lower-cased";
  EXPECT_FALSE(john->email_verified.has_value()) << "unset email_verified stays unset (nil = verified)";
  EXPECT_TRUE(john->groups.empty());

  ASSERT_STORAGE_OK(s().update_password("Jane@Example.com", [](Password old) -> Result<Password> {
    old.username = "jane doe";
    old.email_verified = true;
    return old;
  }));
  p1.username = "jane doe";
  p1.email_verified = true;
  EXPECT_EQ(*s().get_password("jane@example.com"), p1);

  auto list = s().list_passwords();
  ASSERT_STORAGE_OK(list);
  ASSERT_EQ(list->size(), 2u);
  sort_by(*list, [](const Password& p) { return p.email; });
  EXPECT_EQ((*list)[0], p1);
  EXPECT_EQ((*list)[1].email, "john@example.com");

  ASSERT_STORAGE_OK(s().delete_password("JANE@example.com"));
  ASSERT_STORAGE_OK(s().delete_password(p2.email));
  EXPECT_STORAGE_ERROR(s().get_password(p1.email), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().delete_password(p1.email), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().update_password(p1.email, [](Password p) -> Result<Password> { return p; }),
                       K::kNotFound);
}

TEST_P(StorageConformance, PasswordEmailLowerCasedAsGo) {
  // Go's strings.ToLower maps non-ASCII letters too; the stored key must match dex's.
  Password p = sample_password("ÉMILE@Exemple.FR");
  ASSERT_STORAGE_OK(s().create_password(p));
  auto got = s().get_password("émile@exemple.fr");
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(got->email, "émile@exemple.fr");
  ASSERT_STORAGE_OK(s().delete_password("Émile@exemple.fr"));
}

TEST_P(StorageConformance, KeysCRUD) {
  auto empty = s().get_keys();
  ASSERT_STORAGE_OK(empty);
  EXPECT_EQ(*empty, Keys{}) << "an empty store gives empty keys, not an error";

  Keys k1 = sample_keys();
  ASSERT_STORAGE_OK(s().update_keys([&](Keys old) -> Result<Keys> {
    EXPECT_EQ(old, Keys{});
    return k1;
  }));
  EXPECT_EQ(*s().get_keys(), k1);

  Keys k2 = k1;
  k2.verification_keys.push_back({k1.signing_key_pub, sample_time() + std::chrono::hours(24)});
  k2.signing_key = R"({"use":"sig","kty":"RSA","kid":"k2","alg":"RS256","n":"new","e":"AQAB","d":"x"})";
  k2.signing_key_pub = R"({"use":"sig","kty":"RSA","kid":"k2","alg":"RS256","n":"new","e":"AQAB"})";
  k2.next_rotation = sample_time() + std::chrono::hours(6);
  ASSERT_STORAGE_OK(s().update_keys([&](Keys old) -> Result<Keys> {
    EXPECT_EQ(old, k1);
    return k2;
  }));
  EXPECT_EQ(*s().get_keys(), k2);

  // Keys without a signing key (dex writes `null`) read back as empty.
  Keys no_signing;
  no_signing.next_rotation = sample_time();
  ASSERT_STORAGE_OK(s().update_keys([&](Keys) -> Result<Keys> { return no_signing; }));
  EXPECT_EQ(*s().get_keys(), no_signing);
}

TEST_P(StorageConformance, OfflineSessionCRUD) {
  // Created with an empty refresh map, as dex's test does, to check empty maps round-trip.
  OfflineSessions s1 = sample_offline_sessions(base::new_id(), "Conn1");
  ASSERT_STORAGE_OK(s().create_offline_sessions(s1));
  EXPECT_STORAGE_ERROR(s().create_offline_sessions(s1), K::kAlreadyExists);
  OfflineSessions s2 = sample_offline_sessions(base::new_id(), "Conn2");
  s2.connector_data.clear();
  ASSERT_STORAGE_OK(s().create_offline_sessions(s2));
  EXPECT_EQ(*s().get_offline_sessions(s1.user_id, "Conn1"), s1);
  EXPECT_STORAGE_ERROR(s().get_offline_sessions(s1.user_id, "Conn2"), K::kNotFound);

  RefreshTokenRef ref{base::new_id(), "client_id", sample_time(), sample_time() + std::chrono::seconds(3)};
  ASSERT_STORAGE_OK(s().update_offline_sessions(s1.user_id, s1.conn_id,
                                                [&](OfflineSessions old) -> Result<OfflineSessions> {
                                                  old.refresh[ref.client_id] = ref;
                                                  old.connector_data = "new data";
                                                  return old;
                                                }));
  s1.refresh[ref.client_id] = ref;
  s1.connector_data = "new data";
  EXPECT_EQ(*s().get_offline_sessions(s1.user_id, s1.conn_id), s1);
  EXPECT_EQ(*s().get_offline_sessions(s2.user_id, s2.conn_id), s2);

  ASSERT_STORAGE_OK(s().delete_offline_sessions(s1.user_id, s1.conn_id));
  ASSERT_STORAGE_OK(s().delete_offline_sessions(s2.user_id, s2.conn_id));
  EXPECT_STORAGE_ERROR(s().get_offline_sessions(s1.user_id, s1.conn_id), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().delete_offline_sessions(s1.user_id, s1.conn_id), K::kNotFound);
  EXPECT_STORAGE_ERROR(
      s().update_offline_sessions(s1.user_id, s1.conn_id,
                                  [](OfflineSessions o) -> Result<OfflineSessions> { return o; }),
      K::kNotFound);
}

TEST_P(StorageConformance, ConnectorCRUD) {
  Connector c1 = sample_connector(base::new_id());
  ASSERT_STORAGE_OK(s().create_connector(c1));
  EXPECT_STORAGE_ERROR(s().create_connector(c1), K::kAlreadyExists);
  Connector c2 = sample_connector(base::new_id());
  c2.type = "ldap";
  c2.config.clear();
  ASSERT_STORAGE_OK(s().create_connector(c2));
  EXPECT_EQ(comparable(*s().get_connector(c1.id)), comparable(c1));

  ASSERT_STORAGE_OK(s().update_connector(c1.id, [](Connector old) -> Result<Connector> {
    old.type = "oidc";
    old.name = "New Name";
    old.resource_version = "2";
    old.config = R"({"changed":true})";
    return old;
  }));
  c1.name = "New Name";
  c1.resource_version = "2";
  c1.config = R"({"changed":true})";
  EXPECT_EQ(comparable(*s().get_connector(c1.id)), comparable(c1));

  auto list = s().list_connectors();
  ASSERT_STORAGE_OK(list);
  std::vector<Connector> want{comparable(c1), comparable(c2)};
  for (auto& c : *list) c = comparable(c);
  sort_by(*list, [](const Connector& c) { return c.id; });
  sort_by(want, [](const Connector& c) { return c.id; });
  EXPECT_EQ(*list, want);

  ASSERT_STORAGE_OK(s().delete_connector(c1.id));
  ASSERT_STORAGE_OK(s().delete_connector(c2.id));
  EXPECT_STORAGE_ERROR(s().get_connector(c1.id), K::kNotFound);
  EXPECT_STORAGE_ERROR(s().delete_connector(c1.id), K::kNotFound);
  EXPECT_TRUE(s().list_connectors()->empty());
}

TEST_P(StorageConformance, DeviceRequestCRUD) {
  DeviceRequest d1 = sample_device_request();
  ASSERT_STORAGE_OK(s().create_device_request(d1));
  EXPECT_STORAGE_ERROR(s().create_device_request(d1), K::kAlreadyExists);
  EXPECT_EQ(*s().get_device_request(d1.user_code), d1);
  EXPECT_STORAGE_ERROR(s().get_device_request("BCDF-GHJK-not-there"), K::kNotFound);
}

TEST_P(StorageConformance, DeviceTokenCRUD) {
  DeviceToken t1 = sample_device_token();
  ASSERT_STORAGE_OK(s().create_device_token(t1));
  EXPECT_STORAGE_ERROR(s().create_device_token(t1), K::kAlreadyExists);
  EXPECT_EQ(*s().get_device_token(t1.device_code), t1);

  Time polled = sample_time() + std::chrono::seconds(10);
  const std::string token_json = R"({"access_token":"a<b>&c","token_type":"bearer"})";
  ASSERT_STORAGE_OK(s().update_device_token(t1.device_code, [&](DeviceToken old) -> Result<DeviceToken> {
    old.status = kDeviceTokenComplete;
    old.token = token_json;
    old.last_request_time = polled;
    old.poll_interval_seconds = 10;
    return old;
  }));
  t1.status = kDeviceTokenComplete;
  t1.token = token_json;
  t1.last_request_time = polled;
  t1.poll_interval_seconds = 10;
  EXPECT_EQ(*s().get_device_token(t1.device_code), t1);
  EXPECT_STORAGE_ERROR(s().get_device_token("missing"), K::kNotFound);
  EXPECT_STORAGE_ERROR(
      s().update_device_token("missing", [](DeviceToken t) -> Result<DeviceToken> { return t; }),
      K::kNotFound);
}

// Times are instants: what goes in comes out, to the backend's precision, including Go's zero time and
// times before 1970 (dex's TimezoneSupport checks the same through time zones).
TEST_P(StorageConformance, TimezoneSupport) {
  for (Time t :
       {sample_time(), kZeroTime,
        Time(std::chrono::sys_days(std::chrono::year(1969) / 7 / 20)) + time_precision()}) {
    AuthCode c = sample_auth_code();
    c.expiry = t;
    ASSERT_STORAGE_OK(s().create_auth_code(c));
    auto got = s().get_auth_code(c.id);
    ASSERT_STORAGE_OK(got);
    EXPECT_EQ(got->expiry, t);
  }
}

// Empty lists and strings, and text that JSON and SQL must escape, survive a round trip.
TEST_P(StorageConformance, EdgeValuesRoundTrip) {
  Client c;
  c.id = "client with spaces/and?query=1&x=<y>";
  c.name = "Ünïcödé \"quoted\" \\ back\nslash\t\x01";
  c.redirect_uris = {"https://a.example/cb?x=1&y=<2>", "\xe2\x80\xa8 line sep", ""};
  ASSERT_STORAGE_OK(s().create_client(c));
  EXPECT_EQ(*s().get_client(c.id), c);

  AuthRequest a;
  a.id = base::new_id();
  a.expiry = never_expire();
  ASSERT_STORAGE_OK(s().create_auth_request(a));
  EXPECT_EQ(*s().get_auth_request(a.id), a);

  Password p;
  p.email = "empty@example.com";
  ASSERT_STORAGE_OK(s().create_password(p));
  EXPECT_EQ(*s().get_password(p.email), p);
}

}  // namespace
}  // namespace dexcc::storage::testing
