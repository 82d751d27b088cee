// MySQL/MariaDB compatibility with dex v2.45.1: a database dex wrote opens with no migration and
// reads correctly, rows dexcc writes have dex's bytes, and a fresh dexcc database has dex's MySQL
// schema (fixtures/dex-v2.45.1-mysql.sql). Skipped without the test server.
#include <gtest/gtest.h>
#include <mysql.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>

#include "storage/compat_fixture.h"
#include "storage/conformance.h"
#include "storage/mysql/mysql.h"
#include "support/services.h"

namespace dexcc::storage::testing {
namespace {

using namespace std::chrono;

// Direct access to a database, bypassing dexcc, as dex or the mariadb shell would see it.
class RawMy {
 public:
  RawMy(const dexcc::testing::MysqlServer& s, const std::string& db) : m_(mysql_init(nullptr)) {
    EXPECT_NE(mysql_real_connect(m_, s.host.c_str(), s.user.c_str(), s.password.c_str(), db.c_str(),
                                 static_cast<unsigned>(std::stoi(s.port)), nullptr, CLIENT_MULTI_STATEMENTS),
              nullptr)
        << mysql_error(m_);
  }
  ~RawMy() { mysql_close(m_); }
  void exec(const std::string& sql) {
    ASSERT_EQ(mysql_real_query(m_, sql.data(), sql.size()), 0) << mysql_error(m_);
    do {
      if (MYSQL_RES* r = mysql_store_result(m_)) mysql_free_result(r);
    } while (mysql_next_result(m_) == 0);
    EXPECT_EQ(mysql_errno(m_), 0u) << mysql_error(m_);
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    EXPECT_EQ(mysql_real_query(m_, sql.data(), sql.size()), 0) << mysql_error(m_);
    MYSQL_RES* r = mysql_store_result(m_);
    if (r == nullptr) return out;
    while (MYSQL_ROW row = mysql_fetch_row(r)) {
      unsigned long* len = mysql_fetch_lengths(r);
      std::vector<std::string> v;
      for (unsigned i = 0; i < mysql_num_fields(r); ++i) v.push_back(row[i] ? std::string(row[i], len[i]) : "NULL");
      out.push_back(std::move(v));
    }
    mysql_free_result(r);
    return out;
  }
  std::string one(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? "<no row>" : r[0][0];
  }

 private:
  MYSQL* m_;
};

class MysqlCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    auto server = dexcc::testing::mysql_server(&why);
    if (!server) GTEST_SKIP() << why;
    server_ = *server;
    db_ = dexcc::testing::create_mysql_database(server_, &why);
    ASSERT_FALSE(db_.empty()) << why;
    RawMy(server_, db_).exec(read_fixture("dex-v2.45.1-mysql.sql"));
    storage_ = open(db_);
    ASSERT_NE(storage_, nullptr);
  }
  std::unique_ptr<Storage> open(const std::string& db) {
    nlohmann::json config = {{"host", server_.host}, {"port", std::stoi(server_.port)}, {"database", db},
                             {"user", server_.user}, {"password", server_.password}, {"ssl", {{"mode", "false"}}}};
    auto s = mysql::open_from_config(config);
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  RawMy raw() { return RawMy(server_, db_); }
  Storage& s() { return *storage_; }

  dexcc::testing::MysqlServer server_;
  std::string db_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(MysqlCompat, OpensDexDatabaseWithoutMigratingAndReadsIt) {
  EXPECT_EQ(raw().one("select count(*) from migrations"), "14");
  auto app = s().get_client("example-app");
  ASSERT_STORAGE_OK(app);
  EXPECT_EQ(app->redirect_uris,
            (std::vector<std::string>{"http://127.0.0.1:5555/callback", "https://app.example.com/cb?a=1&b=<x>"}));
  auto r = s().get_refresh_token("c3xu4o2lzcsvzl5xqgdrbm7yk");
  ASSERT_STORAGE_OK(r);
  EXPECT_EQ(r->created_at, Time(sys_days(year(2025) / 1 / 2)) + hours(3) + minutes(4) + seconds(5) + milliseconds(500));
  EXPECT_TRUE(r->claims.email_verified);
  auto p = s().get_password("ADMIN@example.com");
  ASSERT_STORAGE_OK(p);
  EXPECT_EQ(p->groups, std::vector<std::string>{"wheel"});
  EXPECT_EQ(p->email_verified, false);
  auto o = s().get_offline_sessions("ldap-user-1", "ldap");
  ASSERT_STORAGE_OK(o);
  EXPECT_EQ(o->refresh.at("example-app").id, "c3xu4o2lzcsvzl5xqgdrbm7yk");
  auto t = s().get_device_token("f4gpqjptkrzeiatxb6ro5ujwnztsmbmh2pvhvxtqbs6c4vw5pgnvr");
  ASSERT_STORAGE_OK(t);
  EXPECT_EQ(t->token, R"({"access_token":"eyJ.a.b","token_type":"bearer"})");
}

// The rest of what dex leaves in a MySQL database: pending requests and codes, keys, connectors,
// device requests, a user without groups.
TEST_F(MysqlCompat, ReadsEveryOtherEntity) {
  EXPECT_TRUE(s().get_client("public-cli")->is_public);
  EXPECT_EQ(s().get_client("public-cli")->trusted_peers, std::vector<std::string>{"example-app"});
  auto a = s().get_auth_request("a7vq3yzr4vhyf2hwkvh5ajoiz");
  ASSERT_STORAGE_OK(a);
  EXPECT_EQ(a->expiry, fixture_time(2025, 1, 3, 3, 4, 5, 123000));
  EXPECT_EQ(a->hmac_key, "kc4yhqsgt7qmm3cbf2tqkdimslhxpwnf7xhbv2gvrhuqtyzcjt4");
  EXPECT_EQ(a->state, "I wish to wash my irish wristwatch");
  EXPECT_EQ(a->connector_data, "");
  auto c = s().get_auth_code("b2tkmhzvtn5w5wbxb3i7jnmqn");
  ASSERT_STORAGE_OK(c);
  EXPECT_EQ(c->claims.groups, (std::vector<std::string>{"admins", "devs & ops"}));
  EXPECT_EQ(c->connector_data, R"({"dn":"uid=jane,ou=People,dc=example,dc=org"})");
  EXPECT_EQ(c->expiry, fixture_time(2025, 1, 2, 3, 34, 5));
  auto nil = s().get_password("nil-groups@example.com");
  ASSERT_STORAGE_OK(nil);
  EXPECT_TRUE(nil->groups.empty());
  EXPECT_EQ(nil->email_verified, true);
  auto k = s().get_keys();
  ASSERT_STORAGE_OK(k);
  ASSERT_EQ(k->verification_keys.size(), 1u);
  EXPECT_EQ(k->verification_keys[0].expiry, fixture_time(2025, 1, 3, 3, 4, 5, 987654));
  EXPECT_EQ(k->next_rotation, fixture_time(2025, 1, 2, 9, 4, 5));
  EXPECT_EQ(s().get_connector("github")->resource_version, "3");
  auto d = s().get_device_request("BDFG-HJKL");
  ASSERT_STORAGE_OK(d);
  EXPECT_EQ(d->scopes, (std::vector<std::string>{"openid", "profile"}));
  EXPECT_EQ(d->expiry, fixture_time(2025, 1, 2, 3, 9, 5, 250000));
}

// A row dex wrote, read and written back unchanged by dexcc, is identical (hex of every column).
TEST_F(MysqlCompat, IdentityUpdatesLeaveDexRowsIdentical) {
  auto snapshot = [&](const std::string& table, const std::string& where) {
    auto cols = raw().rows("select column_name from information_schema.columns where table_schema = '" + db_ +
                           "' and table_name = '" + table + "' order by ordinal_position");
    std::string concat = "concat_ws('|'";
    for (const auto& col : cols) concat += ", coalesce(hex(`" + col[0] + "`), 'NULL')";
    return raw().one("select " + concat + ") from `" + table + "` where " + where);
  };
  expect_identity_updates_keep_dex_rows(s(), snapshot);
}

TEST_F(MysqlCompat, WritesDexColumnShapes) {
  ASSERT_STORAGE_OK(s().create_client(Client{"new-client", "s3cret", {"https://a.example/cb?x=1&y=<2>"}, {}, true, "N", ""}));
  RefreshToken t = sample_refresh_token();
  t.id = "new-refresh";
  t.created_at = Time(sys_days(year(2025) / 3 / 4)) + hours(5) + milliseconds(890);
  t.last_used = kZeroTime;
  ASSERT_STORAGE_OK(s().create_refresh_token(t));
  EXPECT_EQ(raw().one("select redirect_uris from client where id = 'new-client'"),
            R"(["https://a.example/cb?x=1\u0026y=\u003c2\u003e"])");
  EXPECT_EQ(raw().one("select trusted_peers from client where id = 'new-client'"), "null");
  EXPECT_EQ(raw().one("select public from client where id = 'new-client'"), "1");
  EXPECT_EQ(raw().one("select created_at from refresh_token where id = 'new-refresh'"), "2025-03-04 05:00:00.890");
  // Go's zero time is written as the driver writes it; dexcc reads it and the migration default
  // back as zero.
  EXPECT_EQ(s().get_refresh_token("new-refresh")->last_used, kZeroTime);
}

TEST_F(MysqlCompat, FreshDatabaseMatchesDex) {
  std::string why;
  std::string fresh = dexcc::testing::create_mysql_database(server_, &why);
  ASSERT_FALSE(fresh.empty()) << why;
  ASSERT_NE(open(fresh), nullptr);
  auto columns = [](const std::string& db) {
    return "select table_name, ordinal_position, column_name, column_type, is_nullable, coalesce(column_default, ''), "
           "column_key from information_schema.columns where table_schema = '" + db + "' order by 1, 2";
  };
  RawMy ours(server_, fresh);
  EXPECT_EQ(ours.rows(columns(fresh)), raw().rows(columns(db_)));
  EXPECT_EQ(ours.one("select group_concat(num order by num) from migrations"), "1,2,3,4,5,6,7,8,9,10,11,12,13,14");
}

}  // namespace
}  // namespace dexcc::storage::testing
