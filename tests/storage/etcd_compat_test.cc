// etcd compatibility with dex v2.45.1: keys and JSON laid out as dex's etcd backend writes them
// (put straight through the gateway here) read correctly through dexcc, and what dexcc writes has
// dex's keys, member names and encodings.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>

#include "storage/conformance.h"
#include "storage/etcd/etcd.h"
#include "storage/etcd/gateway.h"
#include "support/etcd_service.h"

namespace dexcc::storage::testing {
namespace {

using namespace std::chrono;

class EtcdCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    auto endpoint = dexcc::testing::etcd_endpoint();
    if (!endpoint) GTEST_SKIP() << dexcc::testing::etcd_skip_reason();
    ns_ = dexcc::testing::unique_etcd_namespace();
    etcd::GatewayOptions g;
    g.endpoints = {*endpoint};
    auto gateway = etcd::Gateway::create(g);
    ASSERT_TRUE(gateway.has_value()) << gateway.error().message;
    raw_ = std::move(*gateway);
    etcd::Options o;
    o.endpoints = {*endpoint};
    o.ns = ns_;
    auto s = etcd::open(o);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    store_ = std::move(*s);
  }

  // What dex's clientv3 Put does, under the namespace as clientv3/namespace prefixes it.
  void put(const std::string& key, const std::string& json) {
    auto r = raw_->txn({}, {{ns_ + key, json}});
    ASSERT_TRUE(r.has_value() && *r) << key;
  }
  nlohmann::json read(const std::string& key) {
    auto kv = raw_->get(ns_ + key);
    EXPECT_TRUE(kv.has_value() && kv->has_value()) << "no key " << key;
    if (!kv || !*kv) return nullptr;
    return nlohmann::json::parse((*kv)->value);
  }

  std::string ns_;
  std::unique_ptr<etcd::Gateway> raw_;
  std::unique_ptr<Storage> store_;
};

Time at(int y, unsigned mo, unsigned d, int h, int mi, int s, int64_t ns = 0) {
  return Time(sys_days(year(y) / mo / d)) + hours(h) + minutes(mi) + seconds(s) +
         duration_cast<Time::duration>(nanoseconds(ns));
}

TEST_F(EtcdCompat, ReadsWhatDexWrote) {
  put("client/example-app",
      R"({"id":"example-app","idEnv":"","secret":"ZXhhbXBsZS1hcHAtc2VjcmV0","secretEnv":"","redirectURIs":["http://127.0.0.1:5555/callback"],"trustedPeers":null,"public":false,"name":"Example App","logoURL":""})");
  put("password/admin@example.com",
      R"({"email":"Admin@Example.com","hash":"JDJhJDEwJDJiMnZY","hashFromEnv":"","username":"admin","name":"","preferredUsername":"","emailVerified":false,"userID":"08a8684b","groups":null})");
  put("connector/ldap",
      R"({"id":"ldap","type":"ldap","name":"LDAP","resourceVersion":"","email":"eyJob3N0IjoibGRhcDozODkifQ=="})");
  put("auth_code/c1",
      R"({"ID":"c1","clientID":"example-app","redirectURI":"http://x/cb","nonce":"n","scopes":["openid","email"],"connectorID":"mock","claims":{"userID":"u1","username":"jane","preferredUsername":"","email":"jane@example.com","emailVerified":true,"groups":["a","b"]},"expiry":"2025-03-04T05:06:07.123456789Z","code_challenge":"abc","code_challenge_method":"S256"})");
  put("refresh_token/r1",
      R"({"id":"r1","token":"t1","obsolete_token":"","created_at":"2025-03-04T05:06:07.1Z","last_used":"2025-03-04T06:06:07+01:00","client_id":"example-app","connector_id":"mock","connector_data":null,"claims":{"userID":"u1","username":"jane","preferredUsername":"","email":"jane@example.com","emailVerified":true},"scopes":["openid","offline_access"],"nonce":""})");
  put("offline_session/u1|mock",
      R"({"user_id":"U1","conn_id":"mock","refresh":{"example-app":{"ID":"r1","ClientID":"example-app","CreatedAt":"2025-03-04T05:06:07.1Z","LastUsed":"2025-03-04T05:06:07.1Z"}},"connectorData":"eyJrIjoxfQ=="})");
  put("openid-connect-keys",
      R"({"SigningKey":{"use":"sig","kty":"oct","kid":"k1","alg":"HS256","k":"c2VjcmV0"},"SigningKeyPub":null,"VerificationKeys":[{"publicKey":{"use":"sig","kty":"oct","kid":"k0","alg":"HS256","k":"b2xk"},"expiry":"2025-03-04T05:06:07Z"}],"NextRotation":"2025-03-04T11:06:07Z"})");
  put("device_token/dc1",
      R"({"device_code":"dc1","status":"authorization_pending","token":"","expiry":"2025-03-04T05:06:07Z","last_request":"0001-01-01T00:00:00Z","poll_interval":5})");
  put("device_req/ABCD-EFGH",
      R"({"user_code":"ABCD-EFGH","device_code":"dc1","client_id":"example-app","client_secret":"","scopes":["openid"],"expiry":"2025-03-04T05:06:07Z"})");

  auto client = store_->get_client("example-app");
  ASSERT_STORAGE_OK(client);
  EXPECT_EQ(client->secret, "ZXhhbXBsZS1hcHAtc2VjcmV0");
  EXPECT_EQ(client->redirect_uris, std::vector<std::string>{"http://127.0.0.1:5555/callback"});
  EXPECT_TRUE(client->trusted_peers.empty());
  EXPECT_EQ(client->name, "Example App");

  auto password = store_->get_password("ADMIN@example.com");
  ASSERT_STORAGE_OK(password);
  EXPECT_EQ(password->email, "admin@example.com");
  EXPECT_EQ(password->hash, "$2a$10$2b2vX");
  EXPECT_EQ(password->email_verified, std::optional<bool>(false));
  EXPECT_EQ(password->user_id, "08a8684b");

  auto connector = store_->get_connector("ldap");
  ASSERT_STORAGE_OK(connector);
  EXPECT_EQ(connector->config, R"({"host":"ldap:389"})");

  auto code = store_->get_auth_code("c1");
  ASSERT_STORAGE_OK(code);
  EXPECT_EQ(code->client_id, "example-app");
  EXPECT_EQ(code->claims.groups, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(code->expiry, at(2025, 3, 4, 5, 6, 7, 123456789));
  EXPECT_EQ(code->pkce.code_challenge_method, "S256");

  auto token = store_->get_refresh_token("r1");
  ASSERT_STORAGE_OK(token);
  EXPECT_EQ(token->last_used, at(2025, 3, 4, 5, 6, 7));  // "+01:00" read as UTC
  EXPECT_EQ(token->scopes, (std::vector<std::string>{"openid", "offline_access"}));

  auto session = store_->get_offline_sessions("u1", "MOCK");  // dex lower-cases the whole key
  ASSERT_STORAGE_OK(session);
  ASSERT_EQ(session->refresh.count("example-app"), 1u);
  EXPECT_EQ(session->refresh["example-app"].id, "r1");
  EXPECT_EQ(session->connector_data, R"({"k":1})");

  auto keys = store_->get_keys();
  ASSERT_STORAGE_OK(keys);
  EXPECT_EQ(nlohmann::json::parse(keys->signing_key.str())["kid"], "k1");
  EXPECT_TRUE(keys->signing_key_pub.empty());
  ASSERT_EQ(keys->verification_keys.size(), 1u);
  EXPECT_EQ(keys->next_rotation, at(2025, 3, 4, 11, 6, 7));

  auto device_token = store_->get_device_token("dc1");
  ASSERT_STORAGE_OK(device_token);
  EXPECT_EQ(device_token->poll_interval_seconds, 5);
  EXPECT_EQ(device_token->last_request_time, kZeroTime);
  ASSERT_STORAGE_OK(store_->get_device_request("ABCD-EFGH"));

  // dex's GC and dexcc's agree on what expired: everything above that expires did in 2025.
  auto gc = store_->garbage_collect(at(2026, 1, 1, 0, 0, 0));
  ASSERT_STORAGE_OK(gc);
  EXPECT_EQ(gc->auth_codes, 1);
  EXPECT_EQ(gc->device_tokens, 1);
  EXPECT_EQ(gc->device_requests, 1);
}

TEST_F(EtcdCompat, WritesWhatDexReads) {
  // The samples draw fresh IDs on each call: make each once.
  const AuthCode auth_code = sample_auth_code();
  const AuthRequest auth_request = sample_auth_request();
  const RefreshToken refresh_token = sample_refresh_token();
  const Client client_record = sample_client();
  const DeviceRequest device_request_record = sample_device_request();
  const DeviceToken device_token_record = sample_device_token();
  OfflineSessions sessions = sample_offline_sessions("User1", "Conn1");
  sessions.refresh["app"] = RefreshTokenRef{"r1", "app", sample_time(), sample_time()};
  ASSERT_STORAGE_OK(store_->create_auth_code(auth_code));
  ASSERT_STORAGE_OK(store_->create_auth_request(auth_request));
  ASSERT_STORAGE_OK(store_->create_refresh_token(refresh_token));
  ASSERT_STORAGE_OK(store_->create_client(client_record));
  ASSERT_STORAGE_OK(store_->create_password(sample_password("Jane@Example.com")));
  ASSERT_STORAGE_OK(store_->create_connector(sample_connector("ldap")));
  ASSERT_STORAGE_OK(store_->create_offline_sessions(sessions));
  ASSERT_STORAGE_OK(store_->update_keys([](Keys) -> Result<Keys> { return sample_keys(); }));
  ASSERT_STORAGE_OK(store_->create_device_request(device_request_record));
  ASSERT_STORAGE_OK(store_->create_device_token(device_token_record));

  auto code = read("auth_code/" + auth_code.id);
  for (const char* member : {"ID", "clientID", "redirectURI", "claims", "expiry"})
    EXPECT_TRUE(code.contains(member)) << member;
  EXPECT_EQ(code["expiry"], "2125-01-01T03:00:00.123456Z");  // never_expire(), RFC 3339 with fraction
  EXPECT_TRUE(code["claims"].contains("userID"));

  auto request = read("auth_req/" + auth_request.id);
  for (const char* member : {"id", "client_id", "response_types", "redirect_uri", "force_approval_prompt",
                             "logged_in", "connector_id", "connector_data", "hmac_key"}) {
    EXPECT_TRUE(request.contains(member)) << member;
  }

  auto token = read("refresh_token/" + refresh_token.id);
  for (const char* member : {"id", "token", "obsolete_token", "created_at", "last_used", "client_id",
                             "connector_id", "connector_data", "claims", "scopes", "nonce"}) {
    EXPECT_TRUE(token.contains(member)) << member;
  }
  EXPECT_EQ(token["connector_data"], "eyJzb21lIjoiZGF0YSJ9");  // []byte: base64

  auto client = read("client/" + client_record.id);
  for (const char* member : {"id", "secret", "redirectURIs", "trustedPeers", "public", "name", "logoURL"}) {
    EXPECT_TRUE(client.contains(member)) << member;
  }

  auto password = read("password/jane@example.com");  // lower-cased key, as dex's
  EXPECT_EQ(password["email"], "jane@example.com");
  EXPECT_TRUE(password["hash"].is_string());  // base64 of the bcrypt bytes

  auto connector = read("connector/ldap");
  ASSERT_TRUE(connector["email"].is_string());  // sic: dex's tag for the config bytes
  EXPECT_FALSE(connector.contains("config"));

  auto session = read("offline_session/user1|conn1");
  EXPECT_EQ(session["user_id"], "User1");
  ASSERT_TRUE(session["refresh"].is_object());
  for (const auto& [client_id, ref] : session["refresh"].items()) {
    for (const char* member : {"ID", "ClientID", "CreatedAt", "LastUsed"})
      EXPECT_TRUE(ref.contains(member)) << member;
  }

  auto keys = read("openid-connect-keys");
  for (const char* member : {"SigningKey", "SigningKeyPub", "VerificationKeys", "NextRotation"}) {
    EXPECT_TRUE(keys.contains(member)) << member;
  }
  EXPECT_TRUE(keys["SigningKey"].is_object());  // the JWK itself, not a string holding it

  auto device_request = read("device_req/" + device_request_record.user_code);
  for (const char* member : {"user_code", "device_code", "client_id", "client_secret", "scopes", "expiry"}) {
    EXPECT_TRUE(device_request.contains(member)) << member;
  }
  auto device_token = read("device_token/" + device_token_record.device_code);
  for (const char* member : {"device_code", "status", "token", "expiry", "last_request", "poll_interval"}) {
    EXPECT_TRUE(device_token.contains(member)) << member;
  }
  EXPECT_TRUE(device_token["poll_interval"].is_number_integer());
}

// More records than one gateway page (500): the list reads every page, in key order, once each.
TEST_F(EtcdCompat, ListsReadEveryPage) {
  constexpr int kClients = 1203;
  for (int i = 0; i < kClients; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "c%05d", i);
    put(std::string("client/") + id, std::string(R"({"id":")") + id + R"(","secret":"s","public":true})");
  }
  put("clientx", R"({"id":"outside the prefix"})");  // no slash: not a client key
  auto clients = store_->list_clients();
  ASSERT_STORAGE_OK(clients);
  ASSERT_EQ(clients->size(), static_cast<size_t>(kClients));
  for (int i = 0; i < kClients; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "c%05d", i);
    EXPECT_EQ((*clients)[i].id, id);
  }
}

}  // namespace
}  // namespace dexcc::storage::testing
