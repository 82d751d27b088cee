// PostgreSQL compatibility with dex v2.45.1: a database dex wrote opens with no migration and
// reads correctly, rows dexcc writes have the bytes dex writes, and a fresh dexcc database has
// dex's schema (fixtures/dex-v2.45.1-postgres.sql). Skipped without the test server.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "storage/compat_fixture.h"
#include "storage/conformance.h"
#include "storage/postgres/postgres.h"
#include "support/services.h"

namespace dexcc::storage::testing {
namespace {

using namespace std::chrono;

Time at(int y, unsigned mo, unsigned d, int h, int mi, int s, int64_t us = 0) {
  return fixture_time(y, mo, d, h, mi, s, us);
}

std::string fixture_sql() {
  return read_fixture("dex-v2.45.1-postgres.sql");
}

// Direct access to a database, bypassing dexcc, as dex or psql would see it.
class RawPg {
 public:
  RawPg(const dexcc::testing::PostgresServer& server, const std::string& db) {
    std::string info = "host=" + server.host + " port=" + server.port + " user=postgres dbname=" + db;
    c_ = PQconnectdb(info.c_str());
    EXPECT_EQ(PQstatus(c_), CONNECTION_OK) << PQerrorMessage(c_);
  }
  ~RawPg() { PQfinish(c_); }
  void exec(const std::string& sql) {
    PGresult* r = PQexec(c_, sql.c_str());
    EXPECT_TRUE(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK) << PQresultErrorMessage(r);
    PQclear(r);
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    PGresult* r = PQexec(c_, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQresultErrorMessage(r) << sql;
    std::vector<std::vector<std::string>> out;
    for (int i = 0; i < PQntuples(r); ++i) {
      std::vector<std::string> row;
      for (int j = 0; j < PQnfields(r); ++j) row.push_back(PQgetisnull(r, i, j) ? "NULL" : PQgetvalue(r, i, j));
      out.push_back(std::move(row));
    }
    PQclear(r);
    return out;
  }
  std::string one(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? "<no row>" : r[0][0];
  }

 private:
  PGconn* c_ = nullptr;
};

class PostgresCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    auto server = dexcc::testing::postgres_server(&why);
    if (!server) GTEST_SKIP() << why;
    server_ = *server;
    db_ = dexcc::testing::create_postgres_database(server_, &why);
    ASSERT_FALSE(db_.empty()) << why;
    RawPg(server_, db_).exec(fixture_sql());
    storage_ = open(db_);
    ASSERT_NE(storage_, nullptr);
  }
  std::unique_ptr<Storage> open(const std::string& db) {
    postgres::Options o;
    o.host = server_.host;
    o.port = std::stoi(server_.port);
    o.database = db;
    o.user = "postgres";
    o.ssl_mode = "disable";
    auto s = postgres::open(o);
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  RawPg raw() { return RawPg(server_, db_); }
  Storage& s() { return *storage_; }

  dexcc::testing::PostgresServer server_;
  std::string db_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(PostgresCompat, OpensDexDatabaseWithoutMigrating) {
  EXPECT_EQ(raw().one("select count(*) from migrations"), "13");
  EXPECT_EQ(raw().one("select max(num) from migrations"), "13");
}

TEST_F(PostgresCompat, ReadsEveryEntity) {
  auto app = s().get_client("example-app");
  ASSERT_STORAGE_OK(app);
  EXPECT_EQ(app->redirect_uris,
            (std::vector<std::string>{"http://127.0.0.1:5555/callback", "https://app.example.com/cb?a=1&b=<x>"}));
  EXPECT_TRUE(app->trusted_peers.empty());
  EXPECT_TRUE(s().get_client("public-cli")->is_public);

  auto a = s().get_auth_request("a7vq3yzr4vhyf2hwkvh5ajoiz");
  ASSERT_STORAGE_OK(a);
  EXPECT_EQ(a->expiry, at(2025, 1, 3, 3, 4, 5, 123456));
  EXPECT_EQ(a->hmac_key, "kc4yhqsgt7qmm3cbf2tqkdimslhxpwnf7xhbv2gvrhuqtyzcjt4");
  EXPECT_EQ(a->connector_data, "");
  auto c = s().get_auth_code("b2tkmhzvtn5w5wbxb3i7jnmqn");
  ASSERT_STORAGE_OK(c);
  EXPECT_EQ(c->claims.groups, (std::vector<std::string>{"admins", "devs & ops"}));
  EXPECT_EQ(c->connector_data, R"({"dn":"uid=jane,ou=People,dc=example,dc=org"})");

  auto r = s().get_refresh_token("c3xu4o2lzcsvzl5xqgdrbm7yk");
  ASSERT_STORAGE_OK(r);
  EXPECT_EQ(r->obsolete_token, "ohrpqmbuz7zmmdvbf7kcafbbe");
  EXPECT_EQ(r->last_used, at(2025, 1, 2, 4, 4, 5, 123456));
  auto legacy = s().get_refresh_token("legacyrefreshtokenid00001");
  ASSERT_STORAGE_OK(legacy);
  EXPECT_EQ(legacy->created_at, kZeroTime);  // the migration default '0001-01-01 00:00:00 UTC'

  auto p = s().get_password("Admin@Example.com");
  ASSERT_STORAGE_OK(p);
  EXPECT_EQ(p->hash, "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W");
  EXPECT_EQ(p->groups, std::vector<std::string>{"wheel"});
  EXPECT_EQ(p->email_verified, false);
  auto lp = s().get_password("legacy@example.com");
  ASSERT_STORAGE_OK(lp);
  EXPECT_FALSE(lp->email_verified.has_value());
  EXPECT_TRUE(lp->groups.empty());

  auto k = s().get_keys();
  ASSERT_STORAGE_OK(k);
  ASSERT_EQ(k->verification_keys.size(), 1u);
  EXPECT_EQ(k->verification_keys[0].expiry, at(2025, 1, 3, 3, 4, 5, 987654));
  EXPECT_EQ(k->next_rotation, at(2025, 1, 2, 9, 4, 5));

  auto o = s().get_offline_sessions("ldap-user-1", "ldap");
  ASSERT_STORAGE_OK(o);
  EXPECT_EQ(o->refresh.at("other-app").created_at, at(2025, 1, 2, 3, 4, 5));
  EXPECT_EQ(o->connector_data, R"({"refresh":"upstream-token"})");

  EXPECT_EQ(s().get_connector("github")->resource_version, "3");
  auto d = s().get_device_request("BDFG-HJKL");
  ASSERT_STORAGE_OK(d);
  EXPECT_EQ(d->scopes, (std::vector<std::string>{"openid", "profile"}));
  auto t = s().get_device_token(d->device_code);
  ASSERT_STORAGE_OK(t);
  EXPECT_EQ(t->token, R"({"access_token":"eyJ.a.b","token_type":"bearer","expires_in":86399,"id_token":"eyJ.c.d"})");
  EXPECT_EQ(t->poll_interval_seconds, 5);
}

// A row dex wrote, read and written back unchanged by dexcc, is identical.
TEST_F(PostgresCompat, IdentityUpdatesLeaveDexRowsIdentical) {
  auto snapshot = [&](const std::string& table, const std::string& where) {
    return raw().one("select t::text from " + table + " t where " + where);
  };
  expect_identity_updates_keep_dex_rows(s(), snapshot);
}

// What dexcc writes is what lib/pq gives dex's values.
TEST_F(PostgresCompat, WritesDexColumnShapes) {
  ASSERT_STORAGE_OK(s().create_client(Client{"new-client", "s3cret", {"https://a.example/cb?x=1&y=<2>"}, {}, true, "N", ""}));
  AuthRequest a;
  a.id = "new-auth-request";
  a.client_id = "new-client";
  a.expiry = at(2025, 3, 4, 5, 6, 7, 890123);
  a.hmac_key = "key-bytes";
  ASSERT_STORAGE_OK(s().create_auth_request(a));
  ASSERT_STORAGE_OK(s().create_password(Password{"New@Example.com", "$2a$10$hash", "new", "", "", std::nullopt, "uid", {}}));
  OfflineSessions o{"u", "c", {{"c", {"r", "c", at(2025, 3, 4, 5, 6, 7, 890123), kZeroTime}}}, ""};
  ASSERT_STORAGE_OK(s().create_offline_sessions(o));

  auto q = [&](const std::string& sql) { return raw().one(sql); };
  EXPECT_EQ(q("select convert_from(redirect_uris, 'UTF8') from client where id = 'new-client'"),
            R"(["https://a.example/cb?x=1\u0026y=\u003c2\u003e"])");
  EXPECT_EQ(q("select convert_from(trusted_peers, 'UTF8') from client where id = 'new-client'"), "null");
  EXPECT_EQ(q("select public from client where id = 'new-client'"), "t");
  EXPECT_EQ(q("select expiry at time zone 'UTC' from auth_request where id = 'new-auth-request'"),
            "2025-03-04 05:06:07.890123");
  EXPECT_EQ(q("select connector_data is null from auth_request where id = 'new-auth-request'"), "t");
  EXPECT_EQ(q("select convert_from(hmac_key, 'UTF8') from auth_request where id = 'new-auth-request'"), "key-bytes");
  EXPECT_EQ(q("select convert_from(hash, 'UTF8') from password where email = 'new@example.com'"), "$2a$10$hash");
  EXPECT_EQ(q("select email_verified is null from password where email = 'new@example.com'"), "t");
  EXPECT_EQ(q("select convert_from(refresh, 'UTF8') from offline_session where user_id = 'u'"),
            R"({"c":{"ID":"r","ClientID":"c","CreatedAt":"2025-03-04T05:06:07.890123Z","LastUsed":"0001-01-01T00:00:00Z"}})");
}

// A fresh dexcc database has the tables, columns, types, defaults and keys dex's migrations make.
TEST_F(PostgresCompat, FreshDatabaseMatchesDex) {
  std::string why;
  std::string fresh = dexcc::testing::create_postgres_database(server_, &why);
  ASSERT_FALSE(fresh.empty()) << why;
  ASSERT_NE(open(fresh), nullptr);
  const std::string columns =
      "select table_name, ordinal_position, column_name, data_type, is_nullable, coalesce(column_default, '') "
      "from information_schema.columns where table_schema = 'public' order by 1, 2";
  const std::string keys =
      "select tc.table_name, tc.constraint_type, kcu.column_name from information_schema.table_constraints tc "
      "join information_schema.key_column_usage kcu on tc.constraint_name = kcu.constraint_name "
      "where tc.table_schema = 'public' order by 1, 2, 3";
  RawPg ours(server_, fresh);
  EXPECT_EQ(ours.rows(columns), raw().rows(columns));
  EXPECT_EQ(ours.rows(keys), raw().rows(keys));
  EXPECT_EQ(ours.one("select string_agg(num::text, ',' order by num) from migrations"), "1,2,3,4,5,6,7,8,9,10,11,12,13");
}

}  // namespace
}  // namespace dexcc::storage::testing
