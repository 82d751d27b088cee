// End-to-end: the postgres and mysql storage configs as dex reads them, through the real binary:
// keys in any letter case, values from the environment ($NAME, ${NAME}); and a database that
// refuses the connection at start-up stops dexcc with one line naming host, port and the server's
// reason, never the password. Skipped without the test servers.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "flow_helpers.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace dexcc::testing {
namespace {

using namespace flow;
using namespace std::chrono_literals;

// The lines of the output that are not dexcc's start-up chatter before the storage opens.
std::vector<std::string> error_lines(const std::string& output) {
  std::vector<std::string> out;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.find("level=INFO") == std::string::npos && !line.empty()) out.push_back(line);
  }
  return out;
}

TEST(E2EDatabaseConfig, MysqlKeysInAnyCaseAndValuesFromTheEnvironment) {
  std::string why;
  auto server = mysql_server(&why);
  if (!server) GTEST_SKIP() << why;
  std::string db = create_mysql_database(*server, &why);
  ASSERT_FALSE(db.empty()) << why;
  DexccInstance dex(InstanceOptions{
      .config_body = "storage:\n  type: mysql\n  config:\n    HOST: $DEXCC_TEST_DB_HOST\n    Port: " + server->port +
                     "\n    database: ${DEXCC_TEST_DB_NAME}\n    User: " + server->user +
                     "\n    passWord: $DEXCC_TEST_DB_PASSWORD\n    MaxOpenConns: 3\n    maxidleconns: 1\n"
                     "    SSL:\n      Mode: \"false\"\nstaticClients:\n" +
                     app_client_yaml() + kMockConnectorYaml + "oauth2:\n  skipApprovalScreen: true\n",
      .env = {"DEXCC_TEST_DB_HOST=" + server->host, "DEXCC_TEST_DB_NAME=" + db,
              "DEXCC_TEST_DB_PASSWORD=" + server->password}});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  TokenReply t = login_tokens(dex, AuthParams{.client_id = "app"}, Basic{"app", "app-secret"});
  EXPECT_EQ(t.status(), 200) << t.http.body;
}

TEST(E2EDatabaseConfig, PostgresKeysInAnyCaseAndValuesFromTheEnvironment) {
  std::string why;
  auto server = postgres_server(&why);
  if (!server) GTEST_SKIP() << why;
  std::string db = create_postgres_database(*server, &why);
  ASSERT_FALSE(db.empty()) << why;
  DexccInstance dex(InstanceOptions{
      .config_body = "storage:\n  type: postgres\n  config:\n    Host: ${DEXCC_TEST_DB_HOST}\n    PORT: " + server->port +
                     "\n    Database: $DEXCC_TEST_DB_NAME\n    user: postgres\n    ConnectionTimeout: 5\n"
                     "    maxOpenConns: 2\n    ConnMaxLifetime: 60\n    ssl:\n      MODE: disable\nstaticClients:\n" +
                     app_client_yaml() + kMockConnectorYaml + "oauth2:\n  skipApprovalScreen: true\n",
      .env = {"DEXCC_TEST_DB_HOST=" + server->host, "DEXCC_TEST_DB_NAME=" + db}});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  TokenReply t = login_tokens(dex, AuthParams{.client_id = "app"}, Basic{"app", "app-secret"});
  EXPECT_EQ(t.status(), 200) << t.http.body;
}

// The server answers but refuses: a wrong MySQL password, a PostgreSQL database that does not exist.
TEST(E2EDatabaseConfig, RefusedAtStartUpIsOneLineWithoutThePassword) {
  std::string why;
  auto my = mysql_server(&why);
  auto pg = postgres_server(&why);
  if (!my || !pg) GTEST_SKIP() << why;
  struct Case {
    std::string storage, where, reason;
  };
  std::vector<Case> cases = {
      {"storage:\n  type: mysql\n  config:\n    host: " + my->host + "\n    port: " + my->port +
           "\n    database: dex\n    user: " + my->user + "\n    password: Wr0ng-Pa55word\n    ssl:\n      mode: \"false\"\n",
       "host " + my->host + " port " + my->port, "Access denied"},
      {"storage:\n  type: postgres\n  config:\n    host: " + pg->host + "\n    port: " + pg->port +
           "\n    database: no_such_database\n    user: postgres\n    password: Wr0ng-Pa55word\n    ssl:\n      mode: disable\n",
       "host " + pg->host + " port " + pg->port, "does not exist"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    std::ofstream(dir / "c.yaml") << "issuer: http://127.0.0.1:1/dex\nweb: {http: 127.0.0.1:0}\n" << c.storage;
    Process p({dexcc_binary(), "serve", (dir / "c.yaml").string()}, dir / "out.log");
    EXPECT_EQ(p.wait(30s), 2) << "a start-up failure exits 2, as dex";
    std::string output = p.output();
    auto lines = error_lines(output);
    ASSERT_EQ(lines.size(), 1u) << output;
    EXPECT_NE(lines[0].find(c.where), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(c.reason), std::string::npos) << lines[0];
    EXPECT_EQ(output.find("Wr0ng"), std::string::npos) << output;
  }
}

}  // namespace
}  // namespace dexcc::testing
