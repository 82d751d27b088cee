// GroupCommit: every write on the one writer connection, in turn, with writers that queue behind
// one another sharing one COMMIT.
//
// With `synchronous=FULL` each COMMIT costs an fdatasync, which under concurrent refreshes and
// logins was the largest kernel cost of a write. Here a writer that finishes while another is
// already waiting leaves the transaction open for that one and waits for the COMMIT that will
// carry its changes; the last writer of such a run commits for all of them. Each write runs in
// its own SAVEPOINT, so one that fails is undone alone. A caller is answered only after the COMMIT
// holding its changes is durable, exactly as with a transaction of its own, and if that COMMIT
// fails every writer in it gets the error.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "storage/error.h"
#include "storage/sqlite/connection.h"

namespace dexcc::storage::sqlite {

class GroupCommit {
 public:
  // `max_batch` writes at most share one COMMIT; 1 commits every write on its own.
  GroupCommit(Connection& writer, size_t max_batch);

  // Runs `write` on the writer connection inside a write transaction (BEGIN IMMEDIATE, so what it
  // reads is what it replaces). `write` returns false to have its changes undone. The result is
  // the COMMIT's: an error when the transaction could not begin or could not commit.
  Result<void> run(const std::function<bool(Connection&)>& write);

  // Runs `read` on the writer connection between transactions (no uncommitted data visible).
  // For databases without read connections (":memory:"), which must use max_batch 1.
  void read(const std::function<void(Connection&)>& read);

  // COMMITs made so far (each write alone would have made one), and writers waiting to start:
  // for tests and figures.
  size_t commits();
  size_t waiting() const { return queued_.load(std::memory_order_relaxed); }

 private:
  // One shared transaction and what became of it. Writers waiting for its COMMIT sleep on `done`
  // (a futex), not on mu_: woken all at once, they would otherwise queue to take mu_ again.
  struct Batch {
    std::atomic<uint32_t> done{0};
    bool waited_on = false;  // set under mu_ by a writer about to wait
    std::optional<Error> error;  // written before `done`
  };

  Result<void> step(const std::string& sql, std::string_view what);
  // Commits the open transaction (mu_ held) and tells every writer waiting on it.
  void commit();
  void finish(const std::shared_ptr<Batch>& batch, std::optional<Error> error);

  Connection& writer_;
  const size_t max_batch_;
  std::atomic<size_t> queued_{0};  // writers waiting for mu_
  std::mutex mu_;
  std::shared_ptr<Batch> open_;  // the transaction in progress, if any
  size_t writes_in_open_ = 0;
  size_t commits_ = 0;
};

}  // namespace dexcc::storage::sqlite
