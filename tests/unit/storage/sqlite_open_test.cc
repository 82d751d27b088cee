// sqlite3 backend start-up and run-time failures: clear errors, never a crash (issue 3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

#include "storage/sqlite/file_mode.h"
#include "storage/sqlite/sqlite.h"
#include "support/temp_dir.h"

namespace dexcc::storage::sqlite {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

Result<std::unique_ptr<Storage>> open_path(const fs::path& p, int64_t max_pages = 0) {
  Options o;
  o.file = p.string();
  o.max_page_count = max_pages;
  return open(o);
}

std::string open_error(const fs::path& p) {
  auto r = open_path(p);
  EXPECT_FALSE(r.has_value()) << "opened " << p;
  return r ? "" : r.error().message;
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

Client big_client(int i) {
  Client c;
  c.id = "client-" + std::to_string(i);
  c.name = std::string(3000, 'x');
  return c;
}

TEST(SqliteOpen, MissingFolder) {
  dexcc::testing::TempDir dir;
  std::string e = open_error(dir / "no-such-folder" / "dex.db");
  EXPECT_THAT(e, HasSubstr("no-such-folder\" does not exist"));
}

TEST(SqliteOpen, PathIsAFolder) {
  dexcc::testing::TempDir dir;
  fs::create_directory(dir / "db");
  EXPECT_THAT(open_error(dir / "db"), HasSubstr("it is a folder"));
}

TEST(SqliteOpen, NotAnSqliteFile) {
  dexcc::testing::TempDir dir;
  write_file(dir / "dex.db", std::string(8192, 'z'));
  std::string e = open_error(dir / "dex.db");
  EXPECT_THAT(e, HasSubstr("not an SQLite database"));
  EXPECT_THAT(e, HasSubstr("dex.db"));
}

TEST(SqliteOpen, DamagedDatabase) {
  dexcc::testing::TempDir dir;
  {
    auto s = open_path(dir / "dex.db");
    ASSERT_TRUE(s.has_value()) << s.error().message;
  }
  // Keep the 100-byte header, wreck the schema page behind it.
  std::fstream f(dir / "dex.db", std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(100);
  f << std::string(3000, '\xff');
  f.close();
  std::string e = open_error(dir / "dex.db");
  EXPECT_THAT(e, HasSubstr("malformed"));
}

TEST(SqliteOpen, EmptyFileBecomesDatabase) {
  dexcc::testing::TempDir dir;
  write_file(dir / "dex.db", "");
  auto s = open_path(dir / "dex.db");
  ASSERT_TRUE(s.has_value()) << s.error().message;
}

TEST(SqliteOpen, NoFileGiven) {
  auto r = open(Options{});
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("no database file"));
}

// Permission checks mean nothing to root, so the child process drops to "nobody" first.
void drop_privileges() {
  if (geteuid() != 0) return;
  if (setgid(65534) != 0 || setuid(65534) != 0) std::_Exit(3);
}

void expect_open_fails_unprivileged(const fs::path& file, const std::string& expected_regex) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        drop_privileges();
        auto r = open_path(file);
        std::cerr << (r ? std::string("opened") : r.error().message) << std::endl;
        std::_Exit(r ? 1 : 0);
      },
      ::testing::ExitedWithCode(0), expected_regex);
}

TEST(SqliteOpen, ReadOnlyFolder) {
  dexcc::testing::TempDir dir;
  fs::permissions(dir.path(), fs::perms::all);
  fs::create_directory(dir / "ro");
  fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                  fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  if (geteuid() != 0) fs::permissions(dir / "ro", fs::perms::owner_write, fs::perm_options::remove);
  expect_open_fails_unprivileged(dir / "ro" / "dex.db", "folder \".*ro\" is not writable.*-wal");
}

TEST(SqliteOpen, UnreadableFile) {
  dexcc::testing::TempDir dir;
  fs::permissions(dir.path(), fs::perms::all);
  {
    auto s = open_path(dir / "dex.db");
    ASSERT_TRUE(s.has_value());
  }
  fs::permissions(dir / "dex.db", fs::perms::owner_read | fs::perms::owner_write);
  if (geteuid() != 0) fs::permissions(dir / "dex.db", fs::perms::none);
  expect_open_fails_unprivileged(dir / "dex.db", "cannot read database \".*dex.db\": Permission denied");
}

// A full disk at run time is an error value; what was stored stays readable and writable again
// once space is freed.
TEST(SqliteRuntime, FullDiskIsAnErrorValue) {
  dexcc::testing::TempDir dir;
  // Enough pages for the schema and a few records, then the database is "full".
  auto s = open_path(dir / "dex.db", 40);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Storage& st = **s;
  int stored = 0;
  Error last;
  for (int i = 0; i < 1000; ++i) {
    auto r = st.create_client(big_client(i));
    if (!r) {
      last = r.error();
      break;
    }
    ++stored;
  }
  ASSERT_GT(stored, 0);
  ASSERT_LT(stored, 1000) << "never filled up";
  EXPECT_EQ(last.kind, ErrorKind::kOther);
  EXPECT_THAT(last.message, HasSubstr("full"));

  // Updates that need more room fail the same way and leave the record as it was.
  auto grow = st.update_client("client-0", [](Client c) -> Result<Client> {
    c.name = std::string(200000, 'y');
    return c;
  });
  ASSERT_FALSE(grow.has_value());
  EXPECT_THAT(grow.error().message, HasSubstr("full"));
  EXPECT_EQ(st.get_client("client-0")->name, big_client(0).name);

  ASSERT_TRUE(st.delete_client("client-0").has_value());
  ASSERT_TRUE(st.delete_client("client-1").has_value());
  auto again = st.create_client(big_client(5000));
  EXPECT_TRUE(again.has_value()) << again.error().message;
}

// Another process holding the write lock makes writes wait (busy timeout), not fail.
TEST(SqliteRuntime, WaitsForAnotherWriter) {
  dexcc::testing::TempDir dir;
  auto s = open_path(dir / "dex.db");
  ASSERT_TRUE(s.has_value());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "dex.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; insert into connector values ('x','t','n','1',NULL);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  auto start = std::chrono::steady_clock::now();
  auto r = (*s)->create_client(big_client(1));
  auto waited = std::chrono::steady_clock::now() - start;
  release.join();
  sqlite3_close(other);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_TRUE((*s)->get_connector("x").has_value());
}

// Past the busy timeout the caller gets an error value naming the lock.
TEST(SqliteRuntime, LockTimeoutIsAnErrorValue) {
  dexcc::testing::TempDir dir;
  Options o;
  o.file = (dir / "dex.db").string();
  o.busy_timeout = std::chrono::milliseconds(50);
  auto s = open(o);
  ASSERT_TRUE(s.has_value());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "dex.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto r = (*s)->update_keys([](Keys k) -> Result<Keys> { return k; });
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("locked"));
  // And the storage works once the lock is gone.
  EXPECT_TRUE((*s)->update_keys([](Keys k) -> Result<Keys> { return k; }).has_value());
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

// The database holds the signing keys: dex.db, and the -wal and -shm files SQLite makes in its
// image, are created 0600 whatever the umask lets through, for each form of DSN that names a file.
TEST(SqliteFiles, CreatedOwnerOnly) {
  dexcc::testing::TempDir dir;
  mode_t saved = ::umask(022);
  for (const auto& [dsn, name] : std::vector<std::pair<std::string, std::string>>{
           {(dir / "plain.db").string(), "plain.db"},
           {(dir / "param.db").string() + "?_busy_timeout=1000", "param.db"},
           {"file:" + (dir / "uri.db").string() + "?cache=private", "uri.db"}}) {
    auto s = open(Options{.file = dsn});
    ASSERT_TRUE(s.has_value()) << s.error().message;
    ASSERT_TRUE((*s)->create_client(big_client(1)).has_value());  // a write: the WAL is in use
    for (const char* suffix : {"", "-wal", "-shm"}) {
      fs::path file = dir / (name + suffix);
      ASSERT_TRUE(fs::exists(file)) << file;
      EXPECT_EQ(mode_of(file), 0600u) << file;
    }
    EXPECT_TRUE(files_open_to_others((dir / name).string()).empty());
  }
  ::umask(saved);
}

// An existing file is left as it is, and reported when others may open it.
TEST(SqliteFiles, ExistingFilesOpenToOthersAreReported) {
  dexcc::testing::TempDir dir;
  fs::path db = dir / "dex.db";
  write_file(db, "");
  ::chmod(db.c_str(), 0644);
  write_file(dir / "dex.db-wal", "");
  ::chmod((dir / "dex.db-wal").c_str(), 0640);
  auto exposed = files_open_to_others(db.string());
  ASSERT_EQ(exposed.size(), 2u);
  EXPECT_EQ(exposed[0].path, db.string());
  EXPECT_EQ(exposed[0].mode, 0644u);
  EXPECT_EQ(exposed[1].path, db.string() + "-wal");
  EXPECT_EQ(exposed[1].mode, 0640u);
  fs::remove(dir / "dex.db-wal");

  ASSERT_TRUE(create_owner_only(db.string()).has_value());
  EXPECT_EQ(mode_of(db), 0644u);
  {
    auto s = open_path(db);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    EXPECT_EQ(mode_of(db), 0644u);  // the operator's to change; the warning says how
  }
  // The last connection's close removed -wal and -shm.

  ::chmod(db.c_str(), 0600);
  EXPECT_TRUE(files_open_to_others(db.string()).empty());
}

TEST(SqliteDsn, FileUriAndDriverParameters) {
  dexcc::testing::TempDir dir;
  // go-sqlite3 options after '?' on a plain path are dropped, not part of the file name.
  auto plain = open_path(dir.path().string() + "/plain.db?_busy_timeout=1000&_fk=1");
  ASSERT_TRUE(plain.has_value()) << plain.error().message;
  EXPECT_TRUE(fs::exists(dir / "plain.db"));
  auto uri = open(Options{.file = "file:" + (dir / "uri.db").string() + "?cache=private"});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  EXPECT_TRUE(fs::exists(dir / "uri.db"));
  auto memory = open(Options{.file = "file::memory:?cache=private"});
  ASSERT_TRUE(memory.has_value()) << memory.error().message;
  ASSERT_TRUE((*memory)->create_client(big_client(1)).has_value());
  EXPECT_TRUE((*memory)->get_client("client-1").has_value());
}

}  // namespace
}  // namespace dexcc::storage::sqlite
