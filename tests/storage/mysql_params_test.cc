// The mysql storage's `params`: session variables set on every connection, as go-sql-driver sets
// unknown DSN parameters. Skipped without the test server.
#include <gtest/gtest.h>

#include "storage/conformance.h"
#include "storage/mysql/mysql.h"
#include "support/services.h"

namespace dexcc::storage::testing {
namespace {

TEST(MysqlParams, AreSetOnEveryConnection) {
  std::string why;
  auto server = dexcc::testing::mysql_server(&why);
  if (!server) GTEST_SKIP() << why;
  std::string db = dexcc::testing::create_mysql_database(*server, &why);
  ASSERT_FALSE(db.empty()) << why;
  nlohmann::json config = {{"host", server->host}, {"port", std::stoi(server->port)}, {"database", db},
                           {"user", server->user}, {"password", server->password}, {"ssl", {{"mode", "false"}}}};
  config["params"] = {{"innodb_lock_wait_timeout", "3"}, {"sql_mode", "'ANSI_QUOTES,STRICT_ALL_TABLES'"}};
  auto s = mysql::open_from_config(config);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Client c = sample_client();
  ASSERT_STORAGE_OK((*s)->create_client(c));  // dexcc's statements still work under ANSI_QUOTES
  ASSERT_STORAGE_OK((*s)->get_client(c.id));
  // The server sees them: one it does not know refuses the connection, in one line.
  config["params"] = {{"no_such_variable", "1"}};
  auto bad = mysql::open_from_config(config);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("no_such_variable"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("host " + server->host + " port " + server->port), std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace dexcc::storage::testing
