// End-to-end: the SQLite files the real binary creates are owner-only (they hold the signing keys),
// and an existing database that other users may read is named in a warning at start.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/dexcc_instance.h"

namespace dexcc::testing {
namespace {

constexpr char kConfig[] =
    "storage:\n  type: sqlite3\n  config:\n    file: {{DIR}}/dex.db\nenablePasswordDB: true\n";
constexpr char kWarning[] = "sqlite3 database file is open to other users";

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST(E2ESqliteFiles, NewDatabaseIsOwnerOnly) {
  auto dir = std::make_shared<TempDir>();
  DexccInstance dex(InstanceOptions{.config_body = kConfig, .dir = dir});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  // Start-up wrote the migrations and the signing keys; the connections are open, so is the WAL.
  for (const char* name : {"dex.db", "dex.db-wal", "dex.db-shm"})
    EXPECT_EQ(mode_of(*dir / name), 0600u) << name;
  EXPECT_EQ(dex.process().output().find(kWarning), std::string::npos);
}

TEST(E2ESqliteFiles, ExistingDatabaseReadableByOthersIsReported) {
  auto dir = std::make_shared<TempDir>();
  std::ofstream(*dir / "dex.db").close();
  ::chmod((*dir / "dex.db").c_str(), 0644);
  DexccInstance dex(InstanceOptions{.config_body = kConfig, .dir = dir});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  std::string out = dex.process().output();
  EXPECT_NE(out.find(kWarning), std::string::npos) << out;
  EXPECT_NE(out.find("mode=0644"), std::string::npos) << out;
  EXPECT_NE(out.find("fix=\"chmod 600 " + (*dir / "dex.db").string() + "\""), std::string::npos) << out;
}

}  // namespace
}  // namespace dexcc::testing
