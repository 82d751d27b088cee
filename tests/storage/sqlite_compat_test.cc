// SQLite compatibility with dex v2.45.1: a database dex wrote opens and reads correctly, and what
// dexcc writes has the column types and bytes dex writes (fixtures/dex-v2.45.1-sqlite3.sql).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>

#include "storage/compat_fixture.h"
#include "storage/conformance.h"
#include "storage/sqlite/sqlite.h"
#include "support/temp_dir.h"

namespace dexcc::storage::testing {
namespace {

using namespace std::chrono;

Time at(int y, unsigned mo, unsigned d, int h, int mi, int s, int64_t us = 0) {
  return fixture_time(y, mo, d, h, mi, s, us);
}

std::string fixture_sql() {
  return read_fixture("dex-v2.45.1-sqlite3.sql");
}

// Direct access to the file, bypassing dexcc, as dex or the sqlite3 shell would see it.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "") << "\n"
                                                                                 << sql;
  }
  // Every row of a query, each column rendered as text ("NULL" for null).
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_) << ": " << sql;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row.push_back(t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(st, i))
                        : "NULL");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return out;
  }
  std::string one(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? "<no row>" : r[0][0];
  }
  // typeof() and value of one column, e.g. "blob:null" or "text:2025-01-02 ...".
  std::string typed(const std::string& table, const std::string& column, const std::string& where) {
    auto r = rows("select typeof(" + column + "), " + column + " from " + table + " where " + where);
    return r.empty() ? "<no row>" : r[0][0] + ":" + r[0][1];
  }

 private:
  sqlite3* db_ = nullptr;
};

std::unique_ptr<Storage> open_file(const std::string& path) {
  sqlite::Options o;
  o.file = path;
  auto s = sqlite::open(o);
  EXPECT_TRUE(s.has_value()) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

class SqliteCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_ / "dex.db").string();
    RawDb(path_).exec(fixture_sql());
    storage_ = open_file(path_);
    ASSERT_NE(storage_, nullptr);
  }
  Storage& s() { return *storage_; }

  dexcc::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(SqliteCompat, OpensDexDatabaseWithoutMigrating) {
  RawDb raw(path_);
  EXPECT_EQ(raw.one("select count(*) from migrations"), "13");
  EXPECT_EQ(raw.one("select max(num) from migrations"), "13");
  EXPECT_EQ(raw.one("pragma journal_mode"), "wal");
}

TEST_F(SqliteCompat, ReadsClients) {
  auto app = s().get_client("example-app");
  ASSERT_STORAGE_OK(app);
  EXPECT_EQ(*app, (Client{"example-app",
                          "ZXhhbXBsZS1hcHAtc2VjcmV0",
                          {"http://127.0.0.1:5555/callback", "https://app.example.com/cb?a=1&b=<x>"},
                          {},
                          false,
                          "Example App",
                          ""}));
  auto cli = s().get_client("public-cli");
  ASSERT_STORAGE_OK(cli);
  EXPECT_EQ(
      *cli,
      (Client{"public-cli", "", {}, {"example-app"}, true, "Public CLI", "https://example.com/logo.png"}));
  EXPECT_EQ(s().list_clients()->size(), 2u);
}

TEST_F(SqliteCompat, ReadsAuthRequestsAndCodes) {
  auto a = s().get_auth_request("a7vq3yzr4vhyf2hwkvh5ajoiz");
  ASSERT_STORAGE_OK(a);
  EXPECT_EQ(a->response_types, std::vector<std::string>{"code"});
  EXPECT_EQ(a->scopes, (std::vector<std::string>{"openid", "profile", "email", "groups"}));
  EXPECT_EQ(a->state, "I wish to wash my irish wristwatch");
  EXPECT_FALSE(a->force_approval_prompt);
  EXPECT_TRUE(a->logged_in);
  EXPECT_EQ(a->claims, (Claims{"CiQwOGE4Njg0Yi1kYjg4", "admin", "admin", "admin@example.com", true, {}}));
  EXPECT_EQ(a->connector_data, "");
  // Nanoseconds in the text; dexcc keeps microseconds.
  EXPECT_EQ(a->expiry, at(2025, 1, 3, 3, 4, 5, 123456));
  EXPECT_EQ(a->pkce, (Pkce{"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256"}));
  EXPECT_EQ(a->hmac_key, "kc4yhqsgt7qmm3cbf2tqkdimslhxpwnf7xhbv2gvrhuqtyzcjt4");

  auto c = s().get_auth_code("b2tkmhzvtn5w5wbxb3i7jnmqn");
  ASSERT_STORAGE_OK(c);
  EXPECT_EQ(c->claims.groups, (std::vector<std::string>{"admins", "devs & ops"}));
  EXPECT_FALSE(c->claims.email_verified);
  EXPECT_EQ(c->claims.preferred_username, "janed");
  EXPECT_EQ(c->connector_data, R"({"dn":"uid=jane,ou=People,dc=example,dc=org"})");
  EXPECT_EQ(c->expiry, at(2025, 1, 2, 3, 34, 5));
  EXPECT_EQ(c->pkce, Pkce{});
}

TEST_F(SqliteCompat, ReadsRefreshTokensIncludingPreMigrationRows) {
  auto r = s().get_refresh_token("c3xu4o2lzcsvzl5xqgdrbm7yk");
  ASSERT_STORAGE_OK(r);
  EXPECT_EQ(r->token, "dl3f6ifacaatvvgyfqhxrrjm2");
  EXPECT_EQ(r->obsolete_token, "ohrpqmbuz7zmmdvbf7kcafbbe");
  EXPECT_EQ(r->created_at, at(2025, 1, 2, 3, 4, 5, 500000));
  EXPECT_EQ(r->last_used, at(2025, 1, 2, 4, 4, 5, 123456));
  EXPECT_EQ(r->claims.groups, std::vector<std::string>{"admins"});
  EXPECT_EQ(r->nonce, "n-0S6");

  // Written before migration 2: its times are the column default '0001-01-01 00:00:00 UTC',
  // which go-sqlite3 cannot parse and reads as Go's zero time.
  auto legacy = s().get_refresh_token("legacyrefreshtokenid00001");
  ASSERT_STORAGE_OK(legacy);
  EXPECT_EQ(legacy->token, "");
  EXPECT_EQ(legacy->created_at, kZeroTime);
  EXPECT_EQ(legacy->last_used, kZeroTime);
  EXPECT_TRUE(legacy->claims.groups.empty());
  EXPECT_EQ(s().list_refresh_tokens()->size(), 2u);
}

TEST_F(SqliteCompat, ReadsPasswords) {
  auto admin = s().get_password("Admin@Example.com");
  ASSERT_STORAGE_OK(admin);
  EXPECT_EQ(*admin, (Password{"admin@example.com",
                              "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W",
                              "admin",
                              "Admin",
                              "root",
                              false,
                              "08a8684b-db88-4b73-90a9-3cd1661f5466",
                              {"wheel"}}));
  auto nil_groups = s().get_password("nil-groups@example.com");
  ASSERT_STORAGE_OK(nil_groups);
  EXPECT_TRUE(nil_groups->groups.empty());
  EXPECT_EQ(nil_groups->email_verified, true);
  // From before migration 12/13: groups is the TEXT default '[]', email_verified NULL.
  auto legacy = s().get_password("legacy@example.com");
  ASSERT_STORAGE_OK(legacy);
  EXPECT_TRUE(legacy->groups.empty());
  EXPECT_FALSE(legacy->email_verified.has_value());
  EXPECT_EQ(legacy->name, "");
  EXPECT_EQ(s().list_passwords()->size(), 3u);
}

TEST_F(SqliteCompat, ReadsKeys) {
  auto k = s().get_keys();
  ASSERT_STORAGE_OK(k);
  EXPECT_EQ(
      k->signing_key,
      R"({"use":"sig","kty":"RSA","kid":"9f8e7d6c5b4a39281706f5e4d3c2b1a098765432","alg":"RS256","n":"modulus",)"
      R"("e":"AQAB","d":"private-exponent","p":"prime-p","q":"prime-q","dp":"dp","dq":"dq","qi":"qi"})");
  EXPECT_EQ(
      k->signing_key_pub,
      R"({"use":"sig","kty":"RSA","kid":"9f8e7d6c5b4a39281706f5e4d3c2b1a098765432","alg":"RS256","n":"modulus",)"
      R"("e":"AQAB"})");
  ASSERT_EQ(k->verification_keys.size(), 1u);
  EXPECT_EQ(
      k->verification_keys[0].public_key,
      R"({"use":"sig","kty":"RSA","kid":"0d3c0f1e5a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d","alg":"RS256","n":"old-modulus",)"
      R"("e":"AQAB"})");
  EXPECT_EQ(k->verification_keys[0].expiry, at(2025, 1, 3, 3, 4, 5, 987654));
  EXPECT_EQ(k->next_rotation, at(2025, 1, 2, 9, 4, 5));
}

TEST_F(SqliteCompat, ReadsOfflineSessionsWithGoFieldNames) {
  auto o = s().get_offline_sessions("ldap-user-1", "ldap");
  ASSERT_STORAGE_OK(o);
  ASSERT_EQ(o->refresh.size(), 2u);
  EXPECT_EQ(o->refresh.at("example-app"),
            (RefreshTokenRef{"c3xu4o2lzcsvzl5xqgdrbm7yk", "example-app", at(2025, 1, 2, 3, 4, 5, 500000),
                             at(2025, 1, 2, 4, 4, 5, 123456)}));
  // A non-UTC offset (dex running with a local time zone) is read as the same instant.
  EXPECT_EQ(o->refresh.at("other-app").created_at, at(2025, 1, 2, 3, 4, 5));
  EXPECT_EQ(o->refresh.at("other-app").last_used, kZeroTime);
  EXPECT_EQ(o->connector_data, R"({"refresh":"upstream-token"})");

  auto local = s().get_offline_sessions("local-user", "local");
  ASSERT_STORAGE_OK(local);
  EXPECT_TRUE(local->refresh.empty());
  EXPECT_EQ(local->connector_data, "");
}

TEST_F(SqliteCompat, ReadsConnectorsAndDeviceFlow) {
  auto c = s().get_connector("github");
  ASSERT_STORAGE_OK(c);
  EXPECT_EQ(
      *c,
      (Connector{
          "github", "github", "GitHub", "3",
          R"({"clientID":"abc","clientSecret":"xyz","redirectURI":"https://dex.example.com/callback"})"}));
  auto d = s().get_device_request("BDFG-HJKL");
  ASSERT_STORAGE_OK(d);
  EXPECT_EQ(*d, (DeviceRequest{"BDFG-HJKL",
                               "f4gpqjptkrzeiatxb6ro5ujwnztsmbmh2pvhvxtqbs6c4vw5pgnvr",
                               "example-app",
                               "",
                               {"openid", "profile"},
                               at(2025, 1, 2, 3, 9, 5, 250000)}));
  auto t = s().get_device_token(d->device_code);
  ASSERT_STORAGE_OK(t);
  EXPECT_EQ(t->status, "complete");
  EXPECT_EQ(t->token,
            R"({"access_token":"eyJ.a.b","token_type":"bearer","expires_in":86399,"id_token":"eyJ.c.d"})");
  EXPECT_EQ(t->last_request_time, at(2025, 1, 2, 3, 5, 10));
  EXPECT_EQ(t->poll_interval_seconds, 5);
}

// A row dex wrote, read and written back unchanged by dexcc, is byte-identical (types included).
TEST_F(SqliteCompat, IdentityUpdatesLeaveDexRowsByteIdentical) {
  auto snapshot = [&](const std::string& table, const std::string& where) {
    RawDb raw(path_);
    auto cols = raw.rows("select name from pragma_table_info('" + table + "')");
    std::string select;
    for (const auto& c : cols) select += (select.empty() ? "" : " || '|' || ") + ("quote(" + c[0] + ")");
    return raw.one("select " + select + " from " + table + " where " + where);
  };
  expect_identity_updates_keep_dex_rows(s(), snapshot);
}

// What dexcc writes has the column types and bytes go-sqlite3 gives dex's values.
TEST_F(SqliteCompat, WritesDexColumnShapes) {
  Client c{"new-client", "s3cret", {"https://a.example/cb?x=1&y=<2>"}, {}, true, "N", ""};
  ASSERT_STORAGE_OK(s().create_client(c));
  AuthRequest a;
  a.id = "new-auth-request";
  a.client_id = "new-client";
  a.response_types = {"code"};
  a.expiry = at(2025, 3, 4, 5, 6, 7, 890123);
  a.hmac_key = "key-bytes";
  ASSERT_STORAGE_OK(s().create_auth_request(a));
  RefreshToken r;
  r.id = "new-refresh";
  r.created_at = at(2025, 3, 4, 5, 6, 7);
  ASSERT_STORAGE_OK(s().create_refresh_token(r));
  Password p{"New@Example.com", "$2a$10$hash", "new", "", "", std::nullopt, "uid", {}};
  ASSERT_STORAGE_OK(s().create_password(p));
  OfflineSessions o{"u", "c", {{"c", {"r", "c", at(2025, 3, 4, 5, 6, 7, 890123), kZeroTime}}}, ""};
  ASSERT_STORAGE_OK(s().create_offline_sessions(o));
  DeviceToken t{
      "new-device", "authorization_pending", "", at(2025, 3, 4, 5, 11, 7), at(2025, 3, 4, 5, 6, 7), 5, {}};
  ASSERT_STORAGE_OK(s().create_device_token(t));
  ASSERT_STORAGE_OK(s().update_keys([](Keys) -> Result<Keys> {
    Keys k;
    k.signing_key_pub = R"({"use":"sig","kty":"RSA","kid":"k","alg":"RS256","n":"n","e":"AQAB"})";
    k.signing_key = R"({"use":"sig","kty":"RSA","kid":"k","alg":"RS256","n":"n","e":"AQAB","d":"d"})";
    k.verification_keys = {{R"({"use":"sig","kid":"old"})", at(2025, 3, 5, 0, 0, 0)}};
    k.next_rotation = at(2025, 3, 4, 11, 6, 7);
    return k;
  }));

  RawDb raw(path_);
  EXPECT_EQ(raw.typed("client", "redirect_uris", "id = 'new-client'"),
            R"(blob:["https://a.example/cb?x=1\u0026y=\u003c2\u003e"])");
  EXPECT_EQ(raw.typed("client", "trusted_peers", "id = 'new-client'"), "blob:null");
  EXPECT_EQ(raw.typed("client", "public", "id = 'new-client'"), "integer:1");
  EXPECT_EQ(raw.typed("client", "secret", "id = 'new-client'"), "text:s3cret");
  EXPECT_EQ(raw.typed("auth_request", "expiry", "id = 'new-auth-request'"),
            "text:2025-03-04 05:06:07.890123+00:00");
  EXPECT_EQ(raw.typed("auth_request", "claims_groups", "id = 'new-auth-request'"), "blob:null");
  EXPECT_EQ(raw.typed("auth_request", "connector_data", "id = 'new-auth-request'"), "null:NULL");
  EXPECT_EQ(raw.typed("auth_request", "hmac_key", "id = 'new-auth-request'"), "blob:key-bytes");
  EXPECT_EQ(raw.typed("auth_request", "force_approval_prompt", "id = 'new-auth-request'"), "integer:0");
  EXPECT_EQ(raw.typed("refresh_token", "created_at", "id = 'new-refresh'"), "text:2025-03-04 05:06:07+00:00");
  EXPECT_EQ(raw.typed("refresh_token", "last_used", "id = 'new-refresh'"), "text:0001-01-01 00:00:00+00:00");
  EXPECT_EQ(raw.typed("refresh_token", "obsolete_token", "id = 'new-refresh'"), "text:");
  EXPECT_EQ(raw.typed("password", "hash", "email = 'new@example.com'"), "blob:$2a$10$hash");
  EXPECT_EQ(raw.typed("password", "groups", "email = 'new@example.com'"), "blob:null");
  EXPECT_EQ(raw.typed("password", "email_verified", "email = 'new@example.com'"), "null:NULL");
  EXPECT_EQ(raw.typed("offline_session", "refresh", "user_id = 'u'"),
            R"(blob:{"c":{"ID":"r","ClientID":"c","CreatedAt":"2025-03-04T05:06:07.890123Z",)"
            R"("LastUsed":"0001-01-01T00:00:00Z"}})");
  EXPECT_EQ(raw.typed("offline_session", "connector_data", "user_id = 'u'"), "null:NULL");
  EXPECT_EQ(raw.typed("device_token", "token", "device_code = 'new-device'"), "text:");
  EXPECT_EQ(raw.typed("device_token", "poll_interval", "device_code = 'new-device'"), "integer:5");
  EXPECT_EQ(raw.typed("keys", "verification_keys", "id = 'keys'"),
            R"(blob:[{"publicKey":{"use":"sig","kid":"old"},"expiry":"2025-03-05T00:00:00Z"}])");
  EXPECT_EQ(raw.typed("keys", "next_rotation", "id = 'keys'"), "text:2025-03-04 11:06:07+00:00");
}

// The table layout dexcc creates is the one dex v2.45.1's migrations create.
TEST(SqliteSchema, FreshDatabaseMatchesDex) {
  dexcc::testing::TempDir dir;
  std::string dex_path = (dir / "dex.db").string();
  std::string ours_path = (dir / "dexcc.db").string();
  RawDb(dex_path).exec(fixture_sql());
  ASSERT_NE(open_file(ours_path), nullptr);

  RawDb dex(dex_path);
  RawDb ours(ours_path);
  auto tables = dex.rows("select name from sqlite_master where type = 'table' order by name");
  EXPECT_EQ(ours.rows("select name from sqlite_master where type = 'table' order by name"), tables);
  for (const auto& t : tables) {
    std::string q =
        "select cid, name, type, \"notnull\", dflt_value, pk from pragma_table_info('" + t[0] + "')";
    EXPECT_EQ(ours.rows(q), dex.rows(q)) << t[0];
  }
  EXPECT_EQ(ours.one("select group_concat(num) from migrations"), "1,2,3,4,5,6,7,8,9,10,11,12,13");
  // dex records now() rewritten to SQLite's date('now'): a bare date.
  EXPECT_EQ(ours.one("select count(*) from migrations where at = date('now')"), "13");
}

// A database dex left part-way (here at migration 11) is brought up to date, old rows intact.
TEST(SqliteSchema, MigratesOlderDexDatabase) {
  dexcc::testing::TempDir dir;
  std::string path = (dir / "dex.db").string();
  std::string sql = fixture_sql();
  RawDb(path).exec(sql.substr(0, sql.find("-- 12\n")));
  auto s = open_file(path);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(RawDb(path).one("select max(num) from migrations"), "13");
  auto p = s->get_password("legacy@example.com");
  ASSERT_STORAGE_OK(p);
  EXPECT_TRUE(p->groups.empty());
  EXPECT_EQ(p->user_id, "legacy-user-id");
}

// A database a newer dex migrated (max(num) beyond 13, extra columns with defaults) is left alone
// and stays writable.
TEST(SqliteSchema, LeavesNewerDatabaseAlone) {
  dexcc::testing::TempDir dir;
  std::string path = (dir / "dex.db").string();
  {
    RawDb raw(path);
    raw.exec(fixture_sql());
    raw.exec(
        "alter table client add column allowed_connectors blob;"
        "alter table connector add column grant_types blob;"
        "alter table auth_code add column session_id text not null default '';");
    for (int n = 14; n <= 23; ++n)
      raw.exec("insert into migrations (num, at) values (" + std::to_string(n) + ", '2026-01-01')");
  }
  auto s = open_file(path);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(RawDb(path).one("select count(*) from migrations"), "23");
  ASSERT_STORAGE_OK(s->create_client(Client{"after-upgrade", "x", {}, {}, false, "A", ""}));
  ASSERT_STORAGE_OK(s->create_auth_code(sample_auth_code()));
  EXPECT_EQ(s->get_client("after-upgrade")->name, "A");
}

}  // namespace
}  // namespace dexcc::storage::testing
