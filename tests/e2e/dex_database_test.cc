// End-to-end: the real binary and a database shared with dex v2.45.1, on PostgreSQL and MySQL
// (MariaDB). One way: a database as dex left it (tests/storage/fixtures/dex-v2.45.1-*.sql) opens
// with no migration, and the authorization code, refresh token and device code dex issued work in
// dexcc. The other way: what dexcc issues is stored as dex reads it (dex's refresh-token wire
// format pointing at the row, the rotation columns, offline sessions with Go field names, go-jose
// keys, pending codes and device requests). Skipped without the test servers.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <mysql.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "base/base64.h"
#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace flow;

const Basic kExampleApp{"example-app", "ZXhhbXBsZS1hcHAtc2VjcmV0"};

// dex's refresh token on the wire: base64url (no padding) of the protobuf internal.RefreshToken
// {1: refresh_id, 2: token}, built here by hand from the wire format.
std::string dex_refresh_token(const std::string& id, const std::string& token) {
  std::string pb;
  pb += '\x0a';
  pb += static_cast<char>(id.size());
  pb += id;
  pb += '\x12';
  pb += static_cast<char>(token.size());
  pb += token;
  return base::base64url_encode(pb);
}

// The {refresh_id, token} pair dex's refresh handler reads from a wire token (short fields only,
// which is all dex writes); nullopt when it is not that message.
std::optional<std::pair<std::string, std::string>> parse_dex_refresh_token(const std::string& wire) {
  auto pb = base::base64url_decode(wire);
  if (!pb) return std::nullopt;
  std::string fields[2];
  size_t i = 0;
  while (i + 2 <= pb->size()) {
    int tag = static_cast<unsigned char>((*pb)[i]);
    size_t len = static_cast<unsigned char>((*pb)[i + 1]);
    if ((tag != 0x0a && tag != 0x12) || len > 127 || i + 2 + len > pb->size()) return std::nullopt;
    fields[tag == 0x0a ? 0 : 1] = pb->substr(i + 2, len);
    i += 2 + len;
  }
  if (i != pb->size() || fields[0].empty() || fields[1].empty()) return std::nullopt;
  return std::make_pair(fields[0], fields[1]);
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(DEXCC_SOURCE_TREE) + "/tests/storage/fixtures/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh database on one test server, reached directly as dex (or its shell) would, plus the
// flavour's spelling of what the tests need.
class Database {
 public:
  virtual ~Database() = default;
  // The reason the server is missing, or empty.
  virtual std::string unavailable() const = 0;
  virtual void exec(const std::string& sql) = 0;
  // The first column of the first row, as text ("<no row>" without one).
  virtual std::string one(const std::string& sql) = 0;
  virtual std::string storage_yaml() const = 0;
  // A bytes (JSON) column as text.
  virtual std::string text(const std::string& column) const = 0;
  // A time `minutes` from now (negative: ago), as this server writes it.
  virtual std::string from_now(int minutes) const = 0;
  virtual std::string fixture() const = 0;
  virtual std::string keys_table() const = 0;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase() {
    auto server = postgres_server(&why_);
    if (!server) return;
    server_ = *server;
    db_ = create_postgres_database(server_, &why_);
    if (db_.empty()) return;
    std::string info = "host=" + server_.host + " port=" + server_.port + " user=postgres dbname=" + db_;
    c_ = PQconnectdb(info.c_str());
  }
  ~PostgresDatabase() override {
    if (c_ != nullptr) PQfinish(c_);
  }
  std::string unavailable() const override { return c_ == nullptr ? why_ : ""; }
  void exec(const std::string& sql) override {
    PGresult* r = PQexec(c_, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
    PQclear(r);
  }
  std::string one(const std::string& sql) override {
    PGresult* r = PQexec(c_, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQresultErrorMessage(r);
    std::string out = PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "<no row>";
    PQclear(r);
    return out;
  }
  std::string storage_yaml() const override {
    return "storage:\n  type: postgres\n  config:\n    host: " + server_.host + "\n    port: " + server_.port +
           "\n    database: " + db_ + "\n    user: postgres\n    ssl:\n      mode: disable\n";
  }
  std::string text(const std::string& column) const override { return "convert_from(" + column + ", 'UTF8')"; }
  std::string from_now(int minutes) const override {
    return "now() + interval '" + std::to_string(minutes) + " minutes'";
  }
  std::string fixture() const override { return read_fixture("dex-v2.45.1-postgres.sql"); }
  std::string keys_table() const override { return "keys"; }

 private:
  std::string why_, db_;
  PostgresServer server_;
  PGconn* c_ = nullptr;
};

class MysqlDatabase final : public Database {
 public:
  MysqlDatabase() {
    auto server = mysql_server(&why_);
    if (!server) return;
    server_ = *server;
    db_ = create_mysql_database(server_, &why_);
    if (db_.empty()) return;
    m_ = mysql_init(nullptr);
    if (mysql_real_connect(m_, server_.host.c_str(), server_.user.c_str(), server_.password.c_str(), db_.c_str(),
                           static_cast<unsigned>(std::stoi(server_.port)), nullptr, CLIENT_MULTI_STATEMENTS) == nullptr) {
      why_ = mysql_error(m_);
      mysql_close(m_);
      m_ = nullptr;
    }
  }
  ~MysqlDatabase() override {
    if (m_ != nullptr) mysql_close(m_);
  }
  std::string unavailable() const override { return m_ == nullptr ? why_ : ""; }
  void exec(const std::string& sql) override {
    ASSERT_EQ(mysql_real_query(m_, sql.data(), sql.size()), 0) << mysql_error(m_);
    do {
      if (MYSQL_RES* r = mysql_store_result(m_)) mysql_free_result(r);
    } while (mysql_next_result(m_) == 0);
    EXPECT_EQ(mysql_errno(m_), 0u) << mysql_error(m_);
  }
  std::string one(const std::string& sql) override {
    EXPECT_EQ(mysql_real_query(m_, sql.data(), sql.size()), 0) << mysql_error(m_);
    MYSQL_RES* r = mysql_store_result(m_);
    if (r == nullptr) return "<no row>";
    std::string out = "<no row>";
    if (MYSQL_ROW row = mysql_fetch_row(r)) {
      unsigned long* len = mysql_fetch_lengths(r);
      out = row[0] != nullptr ? std::string(row[0], len[0]) : "NULL";
    }
    mysql_free_result(r);
    return out;
  }
  std::string storage_yaml() const override {
    return "storage:\n  type: mysql\n  config:\n    host: " + server_.host + "\n    port: " + server_.port +
           "\n    database: " + db_ + "\n    user: " + server_.user + "\n    password: " + server_.password +
           "\n    ssl:\n      mode: \"false\"\n";
  }
  std::string text(const std::string& column) const override { return column; }
  // datetime(3) holds UTC, as dex's driver writes it.
  std::string from_now(int minutes) const override {
    return "utc_timestamp(3) + interval " + std::to_string(minutes) + " minute";
  }
  std::string fixture() const override { return read_fixture("dex-v2.45.1-mysql.sql"); }
  std::string keys_table() const override { return "`keys`"; }

 private:
  std::string why_, db_;
  MysqlServer server_;
  MYSQL* m_ = nullptr;
};

class E2EDexDatabase : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (GetParam() == Store::kPostgres) {
      db_ = std::make_unique<PostgresDatabase>();
    } else {
      db_ = std::make_unique<MysqlDatabase>();
    }
    if (std::string why = db_->unavailable(); !why.empty()) GTEST_SKIP() << why;
  }
  Database& db() { return *db_; }

 private:
  std::unique_ptr<Database> db_;
};

TEST_P(E2EDexDatabase, DatabaseWrittenByDexServesItsCodesAndTokens) {
  db().exec(db().fixture());
  // The fixture's moments are in 2025; move what the test redeems into the future, as if dex had
  // issued it a minute ago. The fixture's keys are placeholders that cannot sign: drop them, so
  // dexcc makes its own (dex does the same on an empty keys table).
  db().exec("update auth_code set expiry = " + db().from_now(10) + ";" +
            "update device_token set expiry = " + db().from_now(10) + ", last_request = " + db().from_now(-1) + ";" +
            "update device_request set expiry = " + db().from_now(10) + ";" +
            "update refresh_token set created_at = " + db().from_now(-60) + ", last_used = " + db().from_now(-60) + ";" +
            "delete from " + db().keys_table() + ";");

  // The connector the fixture's users logged in with, "ldap", is the mock here: it refreshes anyone.
  DexccInstance dex(InstanceOptions{.config_body = db().storage_yaml() +
                                                   "connectors:\n- type: mockCallback\n  id: ldap\n  name: LDAP\n"
                                                   "oauth2:\n  skipApprovalScreen: true\n"});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  EXPECT_EQ(dex.process().output().find("storage migrated"), std::string::npos) << dex.process().output();

  TokenReply code = redeem(dex, "b2tkmhzvtn5w5wbxb3i7jnmqn", kExampleApp);
  ASSERT_EQ(code.status(), 200) << code.http.body;
  nlohmann::json claims = claims_of(code.str("id_token"));
  EXPECT_EQ(claims["email"], "jane@example.org");
  EXPECT_EQ(claims["aud"], "example-app");
  EXPECT_EQ(claims["groups"], nlohmann::json({"admins", "devs & ops"}));

  TokenReply refreshed = refresh(dex, dex_refresh_token("c3xu4o2lzcsvzl5xqgdrbm7yk", "dl3f6ifacaatvvgyfqhxrrjm2"), kExampleApp);
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body;
  EXPECT_FALSE(refreshed.str("refresh_token").empty());
  EXPECT_EQ(claims_of(refreshed.str("id_token"))["email"], "jane@example.org");
  // dex's obsolete token (the one before the last rotation) is past any reuse interval: refused.
  TokenReply stale = refresh(dex, dex_refresh_token("c3xu4o2lzcsvzl5xqgdrbm7yk", "ohrpqmbuz7zmmdvbf7kcafbbe"), kExampleApp);
  EXPECT_EQ(stale.status(), 400) << stale.http.body;

  TokenReply device = post_json(dex, "/token",
                                {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                 {"device_code", "f4gpqjptkrzeiatxb6ro5ujwnztsmbmh2pvhvxtqbs6c4vw5pgnvr"},
                                 {"client_id", "example-app"}});
  ASSERT_EQ(device.status(), 200) << device.http.body;
  EXPECT_EQ(device.str("access_token"), "eyJ.a.b");
}

TEST_P(E2EDexDatabase, WhatDexccIssuesIsStoredAsDexReadsIt) {
  DexccInstance dex(InstanceOptions{
      .config_body = db().storage_yaml() +
                     "staticClients:\n- id: example-app\n  secret: ZXhhbXBsZS1hcHAtc2VjcmV0\n  name: Example App\n"
                     "  redirectURIs: ['http://127.0.0.1:5555/callback']\n" +
                     kMockConnectorYaml + "oauth2:\n  skipApprovalScreen: true\n"});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  Database& d = db();

  // A pending code: dex finds it by its ID and checks client, redirect URI and expiry.
  std::string code =
      login_code(dex, AuthParams{.client_id = "example-app", .scope = "openid email offline_access", .state = "s"});
  ASSERT_FALSE(code.empty());
  std::string where_code = " from auth_code where id = '" + code + "'";
  EXPECT_EQ(d.one("select client_id" + where_code), "example-app");
  EXPECT_EQ(d.one("select redirect_uri" + where_code), "http://127.0.0.1:5555/callback");
  EXPECT_EQ(d.one("select " + d.text("scopes") + where_code), R"(["openid","email","offline_access"])");
  EXPECT_EQ(d.one("select connector_id" + where_code), "mock");
  EXPECT_EQ(d.one("select count(*)" + where_code + " and expiry > " + d.from_now(0)), "1");

  // The refresh token on the wire is dex's protobuf naming the row and its current token.
  TokenReply tokens = redeem(dex, code, kExampleApp);
  ASSERT_EQ(tokens.status(), 200) << tokens.http.body;
  auto first = parse_dex_refresh_token(tokens.str("refresh_token"));
  ASSERT_TRUE(first.has_value()) << tokens.str("refresh_token");
  std::string where_refresh = " from refresh_token where id = '" + first->first + "'";
  EXPECT_EQ(d.one("select token" + where_refresh), first->second);
  EXPECT_EQ(d.one("select client_id" + where_refresh), "example-app");
  EXPECT_EQ(d.one("select " + d.text("scopes") + where_refresh), R"(["openid","email","offline_access"])");
  std::string user_id = d.one("select claims_user_id" + where_refresh);

  // A rotation keeps the row and moves the previous token to obsolete_token, as dex's does.
  TokenReply rotated = refresh(dex, tokens.str("refresh_token"), kExampleApp);
  ASSERT_EQ(rotated.status(), 200) << rotated.http.body;
  auto second = parse_dex_refresh_token(rotated.str("refresh_token"));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->first, first->first);
  EXPECT_NE(second->second, first->second);
  EXPECT_EQ(d.one("select token" + where_refresh), second->second);
  EXPECT_EQ(d.one("select obsolete_token" + where_refresh), first->second);

  // The offline session: Go field names, pointing at the refresh token's row.
  nlohmann::json sessions = nlohmann::json::parse(
      d.one("select " + d.text("refresh") + " from offline_session where user_id = '" + user_id + "' and conn_id = 'mock'"),
      nullptr, false);
  ASSERT_TRUE(sessions.is_object()) << sessions;
  ASSERT_TRUE(sessions.contains("example-app")) << sessions;
  const auto& ref = sessions["example-app"];
  EXPECT_EQ(ref["ID"], first->first);
  EXPECT_EQ(ref["ClientID"], "example-app");
  EXPECT_TRUE(ref.contains("CreatedAt") && ref.contains("LastUsed")) << ref;

  // Keys: one row 'keys' with go-jose JWKs, the private one holding the private parts.
  std::string keys = " from " + d.keys_table() + " where id = 'keys'";
  nlohmann::json signing = nlohmann::json::parse(d.one("select " + d.text("signing_key") + keys), nullptr, false);
  nlohmann::json pub = nlohmann::json::parse(d.one("select " + d.text("signing_key_pub") + keys), nullptr, false);
  ASSERT_TRUE(signing.is_object() && pub.is_object()) << signing << pub;
  EXPECT_EQ(signing["use"], "sig");
  EXPECT_TRUE(signing.contains("d") && signing.contains("kid") && signing.contains("alg")) << signing.dump().size();
  EXPECT_FALSE(pub.contains("d"));
  EXPECT_EQ(pub["kid"], signing["kid"]);
  EXPECT_EQ(d.one("select count(*)" + keys + " and next_rotation > " + d.from_now(0)), "1");

  // A device request and its pending token, found by user code and device code.
  TokenReply start = post_json(dex, "/device/code", {{"client_id", "example-app"}, {"scope", "openid"}}, kExampleApp);
  ASSERT_EQ(start.status(), 200) << start.http.body;
  std::string user_code = start.str("user_code"), device_code = start.str("device_code");
  EXPECT_EQ(d.one("select device_code from device_request where user_code = '" + user_code + "'"), device_code);
  EXPECT_EQ(d.one("select " + d.text("scopes") + " from device_request where user_code = '" + user_code + "'"),
            R"(["openid"])");
  EXPECT_EQ(d.one("select status from device_token where device_code = '" + device_code + "'"), "authorization_pending");
  EXPECT_EQ(d.one("select poll_interval from device_token where device_code = '" + device_code + "'"), "0");
}

INSTANTIATE_TEST_SUITE_P(Servers, E2EDexDatabase, ::testing::Values(Store::kPostgres, Store::kMysql), store_name);

}  // namespace
}  // namespace dexcc::testing
