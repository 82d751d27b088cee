// Runs the conformance suite against the mysql backend on MariaDB: a fresh database per test on
// the server scripts/services.sh started (skipped without one), over TCP and the Unix socket.
#include "storage/conformance.h"
#include "storage/mysql/mysql.h"
#include "support/services.h"

namespace dexcc::storage::testing {
namespace {

// dex's MySQL schema stores times as datetime(3).
constexpr base::Duration kMillisecond = std::chrono::milliseconds(1);

std::string mysql_unavailable() {
  std::string why;
  if (!dexcc::testing::mysql_server(&why)) return why;
  return "";
}

std::unique_ptr<Storage> open_mysql(bool socket) {
  std::string why;
  auto server = dexcc::testing::mysql_server(&why);
  std::string db = dexcc::testing::create_mysql_database(*server, &why);
  EXPECT_FALSE(db.empty()) << why;
  nlohmann::json config = {{"host", socket ? server->socket : server->host},
                           {"port", std::stoi(server->port)},
                           {"database", db},
                           {"user", socket ? "root" : server->user},
                           {"password", socket ? "" : server->password},
                           {"ssl", {{"mode", "false"}}}};
  auto s = mysql::open_from_config(config);
  EXPECT_TRUE(s.has_value()) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(
    Mysql, StorageConformance,
    ::testing::Values(Backend{"mysql_tcp", [](const auto&) { return open_mysql(false); }, mysql_unavailable, kMillisecond},
                      Backend{"mysql_socket", [](const auto&) { return open_mysql(true); }, mysql_unavailable,
                              kMillisecond}),
    backend_name);

}  // namespace dexcc::storage::testing
