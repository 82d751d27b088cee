// GroupCommit: one open write transaction handed from writer to writer, committed by the last.
#include "storage/sqlite/group_commit.h"

#include <climits>
#include <exception>
#include <string>

#include "base/futex.h"

namespace dexcc::storage::sqlite {
namespace {

const std::string kBegin = "BEGIN IMMEDIATE";
const std::string kCommit = "COMMIT";
const std::string kRollback = "ROLLBACK";
const std::string kSavepoint = "SAVEPOINT dexcc_write";
const std::string kRelease = "RELEASE dexcc_write";
const std::string kRollbackTo = "ROLLBACK TO dexcc_write";

}  // namespace

GroupCommit::GroupCommit(Connection& writer, size_t max_batch)
    : writer_(writer), max_batch_(max_batch == 0 ? 1 : max_batch) {}

Result<void> GroupCommit::step(const std::string& sql, std::string_view what) {
  auto q = writer_.query(sql, what);
  if (!q) return std::unexpected(q.error());
  return q->run();
}

Result<void> GroupCommit::run(const std::function<bool(Connection&)>& write) {
  queued_.fetch_add(1, std::memory_order_relaxed);
  std::unique_lock lock(mu_);
  queued_.fetch_sub(1, std::memory_order_relaxed);
  if (!open_) {
    if (auto begun = step(kBegin, "begin transaction"); !begun) return begun;
    open_ = std::make_shared<Batch>();
    writes_in_open_ = 0;
  }
  std::shared_ptr<Batch> batch = open_;

  std::optional<Error> own_error;
  std::exception_ptr thrown;
  bool kept = false;
  if (auto s = step(kSavepoint, "savepoint"); !s) {
    own_error = s.error();
  } else {
    try {
      kept = write(writer_);
    } catch (...) {
      thrown = std::current_exception();
    }
    if (sqlite3_get_autocommit(writer_.handle()) != 0) {
      // SQLite rolled the whole transaction back (an I/O error, a full disk): every write in it,
      // the ones already waiting for the commit included, is lost.
      Error lost{ErrorKind::kOther, "sqlite3: the write transaction was rolled back after an error"};
      open_.reset();
      finish(batch, lost);
      if (thrown) std::rethrow_exception(thrown);
      return std::unexpected(lost);
    }
    if (kept) {
      if (auto released = step(kRelease, "release savepoint"); !released) {
        own_error = released.error();
        kept = false;
      }
    }
    if (!kept) {
      (void)step(kRollbackTo, "roll back to savepoint");
      (void)step(kRelease, "release savepoint");
    } else {
      ++writes_in_open_;
    }
  }

  // Another writer is already waiting: leave the transaction to it, and its COMMIT to the last.
  // A write that was undone waits too when earlier writes are in the transaction: what it decided
  // on (a row another write deleted, say) must be committed, and visible to the caller's next
  // read on a read connection, before the caller is answered.
  if (queued_.load(std::memory_order_relaxed) > 0 && writes_in_open_ < max_batch_) {
    if (kept || writes_in_open_ > 0) {
      batch->waited_on = true;
      lock.unlock();
      while (batch->done.load(std::memory_order_acquire) == 0) base::futex_wait(batch->done, 0);
    }
  } else {
    commit();
  }
  if (thrown) std::rethrow_exception(thrown);
  if (own_error) return std::unexpected(*own_error);
  if (kept && batch->error) return std::unexpected(*batch->error);
  return {};
}

void GroupCommit::read(const std::function<void(Connection&)>& read) {
  std::lock_guard lock(mu_);
  if (open_) commit();
  read(writer_);
}

void GroupCommit::commit() {
  std::shared_ptr<Batch> batch = std::move(open_);  // leaves open_ empty
  ++commits_;
  auto committed = step(kCommit, "commit");
  if (!committed) (void)step(kRollback, "rollback");
  finish(batch, committed ? std::nullopt : std::optional<Error>(committed.error()));
}

void GroupCommit::finish(const std::shared_ptr<Batch>& batch, std::optional<Error> error) {
  batch->error = std::move(error);
  batch->done.store(1, std::memory_order_release);
  if (batch->waited_on) base::futex_wake(batch->done, INT_MAX);
}

size_t GroupCommit::commits() {
  std::lock_guard lock(mu_);
  return commits_;
}

}  // namespace dexcc::storage::sqlite
