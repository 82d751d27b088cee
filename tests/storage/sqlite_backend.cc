// Runs the conformance suite against the sqlite3 backend: a file (WAL, read pool) and ":memory:".
#include "storage/conformance.h"
#include "storage/sqlite/sqlite.h"

namespace dexcc::storage::testing {
namespace {

std::unique_ptr<Storage> open_sqlite(std::string file) {
  sqlite::Options o;
  o.file = std::move(file);
  auto s = sqlite::open(o);
  EXPECT_TRUE(s.has_value()) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(
    Sqlite, StorageConformance,
    ::testing::Values(Backend{"sqlite3_file",
                              [](const auto& dir) { return open_sqlite((dir / "dex.db").string()); }},
                      Backend{"sqlite3_memory", [](const auto&) { return open_sqlite(":memory:"); }}),
    backend_name);

}  // namespace dexcc::storage::testing
