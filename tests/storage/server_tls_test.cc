// The `ssl` block of the postgres and mysql storages against private servers that speak TLS with a
// test CA: every mode dex knows does what its name says (verification of the chain, of the name,
// ssl.serverName, none), client certificates are presented, and a refused handshake is one line
// naming host and port. Skipped without the server binaries.
#include <gtest/gtest.h>

#include <fstream>

#include "storage/conformance.h"
#include "storage/mysql/mysql.h"
#include "storage/postgres/postgres.h"
#include "support/mariadb_server.h"
#include "support/private_postgres.h"
#include "support/test_pki.h"

namespace dexcc::storage::testing {
namespace {

using dexcc::testing::MariadbServer;
using dexcc::testing::PrivatePostgres;
using dexcc::testing::TempDir;
using dexcc::testing::TestCa;
using nlohmann::json;

// The client's files: written by and for the test process (libpq wants a key only its owner reads).
std::string write_private(const TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  std::filesystem::permissions(dir / name, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return (dir / name).string();
}

// Opens, writes and reads one client; the error line on failure.
template <class Open>
std::string use(Open open, const json& config) {
  auto s = open(config);
  if (!s) return s.error().message;
  Client client = sample_client();
  if (auto c = (*s)->create_client(client); !c) return c.error().message;
  auto got = (*s)->get_client(client.id);
  return got ? "ok" : got.error().message;
}

class PostgresTls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PrivatePostgres::bin_dir().empty()) GTEST_SKIP() << "no PostgreSQL server binaries";
    // The server's certificate names db.dexcc.test and localhost, not 127.0.0.1.
    auto cert = ca_.issue_server({"db.dexcc.test", "localhost"});
    auto client = ca_.issue_client("certuser");
    ca_file_ = write_private(files_, "ca.pem", ca_.cert_pem());
    other_ca_file_ = write_private(files_, "other-ca.pem", other_ca_.cert_pem());
    cert_file_ = write_private(files_, "client.pem", client.cert_pem);
    key_file_ = write_private(files_, "client-key.pem", client.key_pem);
    pg_ = std::make_unique<PrivatePostgres>(
        std::vector<std::string>{"ssl=on", "ssl_cert_file=server.pem", "ssl_key_file=server-key.pem", "ssl_ca_file=ca.pem"},
        // Plain connections are refused, so "disable" shows it does not speak TLS; certuser must
        // present a certificate; everyone else is trusted over TLS.
        std::vector<std::string>{"hostnossl all all 127.0.0.1/32 reject", "hostssl all certuser 127.0.0.1/32 cert"},
        [&](PrivatePostgres& pg) {
          pg.write_file("data/server.pem", cert.cert_pem);
          pg.write_file("data/server-key.pem", cert.key_pem);
          pg.write_file("data/ca.pem", ca_.cert_pem());
        });
    ASSERT_TRUE(pg_->ok()) << pg_->log();
    ASSERT_TRUE(pg_->exec("create role certuser login superuser"));
  }
  json config(const std::string& host, const json& ssl, const std::string& user = "postgres") const {
    json c = {{"host", host}, {"port", pg_->port()}, {"database", "postgres"}, {"user", user}, {"connectionTimeout", 5}};
    if (!ssl.is_null()) c["ssl"] = ssl;
    return c;
  }
  static std::string use_pg(const json& config) {
    return use([](const json& c) { return postgres::open_from_config(c); }, config);
  }

  TestCa ca_{"postgres test CA"}, other_ca_{"another CA"};
  TempDir files_;
  std::string ca_file_, other_ca_file_, cert_file_, key_file_;
  std::unique_ptr<PrivatePostgres> pg_;
};

TEST_F(PostgresTls, ModesVerifyWhatTheySay) {
  EXPECT_EQ(use_pg(config("localhost", {{"mode", "verify-full"}, {"caFile", ca_file_}})), "ok");
  EXPECT_EQ(use_pg(config("127.0.0.1", {{"mode", "verify-ca"}, {"caFile", ca_file_}})), "ok");
  EXPECT_EQ(use_pg(config("127.0.0.1", {{"mode", "require"}})), "ok");

  std::string port = std::to_string(pg_->port());
  std::string wrong_name = use_pg(config("127.0.0.1", {{"mode", "verify-full"}, {"caFile", ca_file_}}));
  EXPECT_TRUE(wrong_name.starts_with("postgres: cannot connect to host 127.0.0.1 port " + port + ": ")) << wrong_name;
  EXPECT_NE(wrong_name.find("does not match host name"), std::string::npos) << wrong_name;
  std::string wrong_ca = use_pg(config("localhost", {{"mode", "verify-ca"}, {"caFile", other_ca_file_}}));
  EXPECT_NE(wrong_ca.find("certificate verify failed"), std::string::npos) << wrong_ca;
  std::string plain = use_pg(config("127.0.0.1", {{"mode", "disable"}}));
  EXPECT_NE(plain.find("no encryption"), std::string::npos) << plain;
  // No ssl block: dex's default verify-full, against ~/.postgresql/root.crt, which is not there.
  std::string by_default = use_pg(config("localhost", nullptr));
  EXPECT_NE(by_default.find("root certificate file"), std::string::npos) << by_default;
  for (const auto& line : {wrong_name, wrong_ca, plain, by_default}) EXPECT_EQ(line.find('\n'), std::string::npos) << line;
}

TEST_F(PostgresTls, ServerNameIsCheckedWhileTheAddressIsDialled) {
  EXPECT_EQ(use_pg(config("127.0.0.1", {{"mode", "verify-full"}, {"caFile", ca_file_}, {"serverName", "db.dexcc.test"}})),
            "ok");
  std::string other = use_pg(config("127.0.0.1", {{"mode", "verify-full"}, {"caFile", ca_file_}, {"serverName", "x.dexcc.test"}}));
  EXPECT_NE(other.find("does not match host name"), std::string::npos) << other;
}

TEST_F(PostgresTls, ClientCertificate) {
  EXPECT_EQ(use_pg(config("localhost", {{"mode", "verify-full"}, {"caFile", ca_file_}, {"certFile", cert_file_}, {"keyFile", key_file_}},
                          "certuser")),
            "ok");
  std::string without = use_pg(config("localhost", {{"mode", "verify-full"}, {"caFile", ca_file_}}, "certuser"));
  EXPECT_NE(without.find("certificate"), std::string::npos) << without;
}

class MysqlTls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!MariadbServer::available()) GTEST_SKIP() << "no MariaDB server binaries";
    auto cert = ca_.issue_server({"127.0.0.1", "localhost"});
    auto client = ca_.issue_client("x509user");
    ca_file_ = write_private(files_, "ca.pem", ca_.cert_pem());
    other_ca_file_ = write_private(files_, "other-ca.pem", other_ca_.cert_pem());
    cert_file_ = write_private(files_, "client.pem", client.cert_pem);
    key_file_ = write_private(files_, "client-key.pem", client.key_pem);
    db_ = std::make_unique<MariadbServer>([&](MariadbServer& s) {
      return std::vector<std::string>{"--ssl-cert=" + s.write_file("server.pem", cert.cert_pem),
                                      "--ssl-key=" + s.write_file("server-key.pem", cert.key_pem),
                                      "--ssl-ca=" + s.write_file("ca.pem", ca_.cert_pem())};
    });
    ASSERT_TRUE(db_->ok()) << db_->log();
    // tlsuser can only log in over TLS, x509user only with a certificate from the CA.
    ASSERT_TRUE(db_->run_sql("create user 'tlsuser'@'127.0.0.1' identified by 'pw' require ssl"));
    ASSERT_TRUE(db_->run_sql("create user 'x509user'@'127.0.0.1' identified by 'pw' require x509"));
    ASSERT_TRUE(db_->run_sql("grant all on *.* to 'tlsuser'@'127.0.0.1', 'x509user'@'127.0.0.1'"));
  }
  json config(const json& ssl, const std::string& user = "tlsuser") const {
    json c = {{"host", "127.0.0.1"}, {"port", db_->port()}, {"database", "dex"}, {"user", user}, {"password", "pw"}};
    if (!ssl.is_null()) c["ssl"] = ssl;
    return c;
  }
  static std::string use_my(const json& config) {
    return use([](const json& c) { return mysql::open_from_config(c); }, config);
  }

  TestCa ca_{"mysql test CA"}, other_ca_{"another CA"};
  TempDir files_;
  std::string ca_file_, other_ca_file_, cert_file_, key_file_;
  std::unique_ptr<MariadbServer> db_;
};

TEST_F(MysqlTls, ModesVerifyWhatTheySay) {
  EXPECT_EQ(use_my(config({{"caFile", ca_file_}})), "ok");  // files given: dex's "custom"
  EXPECT_EQ(use_my(config({{"mode", "skip-verify"}})), "ok");

  std::string where = "mysql: cannot connect to host 127.0.0.1 port " + std::to_string(db_->port()) + ": ";
  std::string wrong_ca = use_my(config({{"caFile", other_ca_file_}}));
  EXPECT_TRUE(wrong_ca.starts_with(where)) << wrong_ca;
  std::string plain = use_my(config({{"mode", "false"}}));
  EXPECT_TRUE(plain.starts_with(where)) << plain;
  EXPECT_NE(plain.find("Access denied"), std::string::npos) << plain;
  // No ssl block: dex's "true", verified against the system's roots, which do not hold the test CA.
  std::string by_default = use_my(config(nullptr));
  EXPECT_TRUE(by_default.starts_with(where)) << by_default;
  for (const auto& line : {wrong_ca, plain, by_default}) EXPECT_EQ(line.find('\n'), std::string::npos) << line;
}

TEST_F(MysqlTls, ClientCertificate) {
  EXPECT_EQ(use_my(config({{"caFile", ca_file_}, {"certFile", cert_file_}, {"keyFile", key_file_}}, "x509user")), "ok");
  std::string without = use_my(config({{"caFile", ca_file_}}, "x509user"));
  EXPECT_NE(without.find("Access denied"), std::string::npos) << without;
}

}  // namespace
}  // namespace dexcc::storage::testing
