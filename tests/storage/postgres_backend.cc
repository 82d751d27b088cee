// Runs the conformance suite against the postgres backend: a fresh database per test on the
// server scripts/services.sh started (skipped without one).
#include "storage/conformance.h"
#include "storage/postgres/postgres.h"
#include "support/services.h"

namespace dexcc::storage::testing {
namespace {

std::string postgres_unavailable() {
  std::string why;
  if (!dexcc::testing::postgres_server(&why)) return why;
  return "";
}

std::unique_ptr<Storage> open_postgres(bool socket) {
  std::string why;
  auto server = dexcc::testing::postgres_server(&why);
  std::string db = dexcc::testing::create_postgres_database(*server, &why);
  EXPECT_FALSE(db.empty()) << why;
  postgres::Options o;
  o.host = socket ? server->socket_dir : server->host;
  o.port = std::stoi(server->port);
  o.database = db;
  o.user = "postgres";
  o.ssl_mode = "disable";
  auto s = postgres::open(o);
  EXPECT_TRUE(s.has_value()) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(
    Postgres, StorageConformance,
    ::testing::Values(Backend{"postgres_tcp", [](const auto&) { return open_postgres(false); }, postgres_unavailable},
                      Backend{"postgres_socket", [](const auto&) { return open_postgres(true); },
                              postgres_unavailable}),
    backend_name);

}  // namespace dexcc::storage::testing
