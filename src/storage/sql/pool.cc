// The pool's bookkeeping: counts under one mutex, dialling outside it.
#include "storage/sql/pool.h"

namespace dexcc::storage::sql {

using Clock = std::chrono::steady_clock;

Pool::Pool(Dial dial, PoolLimits limits) : dial_(std::move(dial)), limits_(limits) {
  if (limits_.max_open < 1) limits_.max_open = 1;
  // database/sql lowers the idle limit to the open limit.
  if (limits_.max_idle > limits_.max_open) limits_.max_idle = limits_.max_open;
  if (limits_.max_idle < 0) limits_.max_idle = 0;
}

Pool::~Pool() {
  std::lock_guard lock(mu_);
  idle_.clear();
}

bool Pool::expired(Clock::time_point born) const {
  return limits_.max_lifetime.count() > 0 && Clock::now() - born >= limits_.max_lifetime;
}

Result<Pool::Lease> Pool::acquire() {
  std::unique_lock lock(mu_);
  auto deadline = Clock::now() + limits_.wait;
  for (;;) {
    while (!idle_.empty()) {
      Idle c = std::move(idle_.back());
      idle_.pop_back();
      if (!expired(c.born)) return Lease(this, std::move(c.conn), c.born);
      --open_;  // too old: closed here (outside the lock would be nicer, but it is rare)
    }
    if (open_ < limits_.max_open) break;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= limits_.max_open) {
      return fail("timed out waiting for a free database connection (maxOpenConns reached)");
    }
  }
  ++open_;
  lock.unlock();
  auto conn = dial_();
  if (!conn) {
    lock.lock();
    --open_;
    lock.unlock();
    cv_.notify_one();
    return std::unexpected(conn.error());
  }
  return Lease(this, std::move(*conn), Clock::now());
}

void Pool::adopt(std::unique_ptr<Conn> conn) {
  {
    std::lock_guard lock(mu_);
    ++open_;
  }
  release(std::move(conn), Clock::now());
}

int Pool::open_count() {
  std::lock_guard lock(mu_);
  return open_;
}

void Pool::release(std::unique_ptr<Conn> conn, Clock::time_point born) {
  bool kept = false;
  {
    std::lock_guard lock(mu_);
    if (conn && static_cast<int>(idle_.size()) < limits_.max_idle && !expired(born)) {
      idle_.push_back({std::move(conn), born});
      kept = true;
    }
  }
  if (!kept) {
    // Closed before its slot is given back: otherwise a waiter could dial while this one still
    // stands, and the server would see one more connection than maxOpenConns.
    conn.reset();
    std::lock_guard lock(mu_);
    --open_;
  }
  cv_.notify_one();
}

Pool::Lease::~Lease() {
  if (pool_ == nullptr) return;
  // A connection whose last statement found it broken is not worth keeping.
  if (conn_ && conn_->last_failure() == Failure::kBroken) conn_.reset();
  pool_->release(std::move(conn_), born_);
}

}  // namespace dexcc::storage::sql
