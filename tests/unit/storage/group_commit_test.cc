// GroupCommit: queued writers share a COMMIT, a failed or throwing write is undone alone, and no
// transaction is left open behind the last writer.
#include "storage/sqlite/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/temp_dir.h"

namespace dexcc::storage::sqlite {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = open_connection();
    ASSERT_TRUE(writer_->exec("PRAGMA journal_mode=WAL", "wal").has_value());
    ASSERT_TRUE(writer_->exec("CREATE TABLE t (k TEXT PRIMARY KEY)", "create").has_value());
  }

  std::unique_ptr<Connection> open_connection() {
    auto c = Connection::open((dir_ / "db").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              std::chrono::milliseconds(5000));
    EXPECT_TRUE(c.has_value());
    return std::move(*c);
  }

  static bool insert(Connection& c, const std::string& k) {
    auto q = c.query("INSERT INTO t (k) VALUES (?)", "insert");
    if (!q) return false;
    q->text(k);
    return q->run().has_value();
  }

  // The keys another connection sees: only what was committed.
  std::set<std::string> committed_keys() {
    auto reader = open_connection();
    auto q = reader->query("SELECT k FROM t", "select");
    std::set<std::string> keys;
    while (*q->step()) keys.insert(q->row().text());
    return keys;
  }

  bool in_transaction() const { return sqlite3_get_autocommit(writer_->handle()) == 0; }

  static void wait_until(const std::function<bool()>& ready) {
    while (!ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> writer_;
};

TEST_F(GroupCommitTest, ALoneWriterCommitsAtOnce) {
  GroupCommit writes(*writer_, 16);
  ASSERT_TRUE(writes.run([](Connection& c) { return insert(c, "a"); }).has_value());
  EXPECT_EQ(writes.commits(), 1u);
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(committed_keys(), (std::set<std::string>{"a"}));

  // A write that gives up is undone, and no transaction stays open behind it.
  ASSERT_TRUE(writes.run([](Connection& c) { return !insert(c, "b"); }).has_value());
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(committed_keys(), (std::set<std::string>{"a"}));
}

// A holds the writer until B and C wait; A and then the first of B and C leave the transaction to
// the next, the last commits for all three: one COMMIT, and C's refused write is not in it.
TEST_F(GroupCommitTest, WritersQueuedBehindOneAnotherShareOneCommit) {
  GroupCommit writes(*writer_, 16);
  std::atomic<bool> a_writing{false};
  std::thread a([&] {
    auto r = writes.run([&](Connection& c) {
      a_writing = true;
      wait_until([&] { return writes.waiting() == 2; });
      return insert(c, "a");
    });
    EXPECT_TRUE(r.has_value());
  });
  wait_until([&] { return a_writing.load(); });
  std::thread b([&] { EXPECT_TRUE(writes.run([](Connection& c) { return insert(c, "b"); }).has_value()); });
  std::thread c([&] { EXPECT_TRUE(writes.run([](Connection& c) { return !insert(c, "c"); }).has_value()); });
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(writes.commits(), 1u);
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(committed_keys(), (std::set<std::string>{"a", "b"}));
}

TEST_F(GroupCommitTest, TheBatchBoundCommitsEarlier) {
  GroupCommit writes(*writer_, 1);
  std::atomic<bool> a_writing{false};
  std::thread a([&] {
    (void)writes.run([&](Connection& c) {
      a_writing = true;
      wait_until([&] { return writes.waiting() == 2; });
      return insert(c, "a");
    });
  });
  wait_until([&] { return a_writing.load(); });
  std::thread b([&] { (void)writes.run([](Connection& c) { return insert(c, "b"); }); });
  std::thread c([&] { (void)writes.run([](Connection& c) { return insert(c, "c"); }); });
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(writes.commits(), 3u);
  EXPECT_EQ(committed_keys(), (std::set<std::string>{"a", "b", "c"}));
}

TEST_F(GroupCommitTest, AThrowingWriteIsUndoneAndTheErrorPropagates) {
  GroupCommit writes(*writer_, 16);
  EXPECT_THROW((void)writes.run([](Connection& c) -> bool {
    insert(c, "x");
    throw std::runtime_error("updater failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(in_transaction());
  ASSERT_TRUE(writes.run([](Connection& c) { return insert(c, "y"); }).has_value());
  EXPECT_EQ(committed_keys(), (std::set<std::string>{"y"}));
}

// Many writers at once, every third refusing: exactly the kept writes are committed, whatever
// way they were grouped.
TEST_F(GroupCommitTest, ConcurrentWritersKeepExactlyTheirKeptWrites) {
  GroupCommit writes(*writer_, 4);
  std::vector<std::thread> threads;
  std::set<std::string> expected;
  for (int t = 0; t < 8; ++t) {
    for (int i = 0; i < 25; ++i) {
      if ((t * 25 + i) % 3 != 0) expected.insert(std::to_string(t) + "-" + std::to_string(i));
    }
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        bool keep = (t * 25 + i) % 3 != 0;
        auto r = writes.run([&](Connection& c) { return insert(c, key) && keep; });
        EXPECT_TRUE(r.has_value());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(in_transaction());
  EXPECT_LE(writes.commits(), 200u);
  EXPECT_EQ(committed_keys(), expected);
}

TEST_F(GroupCommitTest, ReadsThroughTheWriterSeeOnlyCommittedData) {
  GroupCommit writes(*writer_, 1);
  ASSERT_TRUE(writes.run([](Connection& c) { return insert(c, "a"); }).has_value());
  int rows = 0;
  writes.read([&](Connection& c) {
    auto q = c.query("SELECT count(*) FROM t", "count");
    ASSERT_TRUE(*q->step());
    rows = static_cast<int>(q->row().integer());
  });
  EXPECT_EQ(rows, 1);
  EXPECT_FALSE(in_transaction());
}

}  // namespace
}  // namespace dexcc::storage::sqlite
