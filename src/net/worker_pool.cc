// WorkerPool implementation: a task goes straight to the most recently idle worker, or waits in a
// mutex-guarded deque for the next worker to finish; tasks never throw out of run().
#include "net/worker_pool.h"

#include "base/futex.h"
#include "base/log.h"

namespace dexcc::net {

WorkerPool::WorkerPool(size_t threads, size_t queue_limit) : queue_limit_(queue_limit) {
  slots_.reserve(threads);
  idle_.reserve(threads);
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    threads_.emplace_back([this, slot = slots_.back().get()] { run(*slot); });
  }
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::try_submit(std::function<void()> task) {
  Slot* idle = nullptr;
  {
    std::lock_guard lock(mu_);
    if (!task || stopping_ || queue_.size() >= queue_limit_) return false;
    if (idle_.empty()) {
      // Every worker is busy: the first to finish takes the task from the queue.
      queue_.push_back(std::move(task));
      return true;
    }
    idle = idle_.back();
    idle_.pop_back();
  }
  hand_over(*idle, std::move(task));
  return true;
}

void WorkerPool::hand_over(Slot& slot, std::function<void()> task, bool stop) {
  // The worker reads these only after seeing kHanded (release/acquire).
  slot.task = std::move(task);
  slot.stop = stop;
  if (slot.state.exchange(Slot::kHanded, std::memory_order_acq_rel) == Slot::kSleeping) base::futex_wake(slot.state, 1);
}

void WorkerPool::stop() {
  std::vector<Slot*> idle;
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    idle.swap(idle_);
  }
  // Busy workers drain the queue and stop by themselves; idle ones are handed the order to stop.
  for (Slot* slot : idle) hand_over(*slot, nullptr, /*stop=*/true);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

size_t WorkerPool::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

size_t WorkerPool::idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

void WorkerPool::run(Slot& self) {
  while (true) {
    std::function<void()> task;
    bool idle = false;
    {
      std::lock_guard lock(mu_);
      if (!queue_.empty()) {
        task = std::move(queue_.front());
        queue_.pop_front();
      } else if (stopping_) {
        return;  // stopping and drained
      } else {
        idle_.push_back(&self);
        idle = true;
      }
    }
    if (idle) {
      uint32_t state = Slot::kWaiting;
      if (self.state.compare_exchange_strong(state, Slot::kSleeping, std::memory_order_acquire)) {
        // Until handed: a futex wait returns early on a signal or when the word already changed.
        while (self.state.load(std::memory_order_acquire) == Slot::kSleeping) base::futex_wait(self.state, Slot::kSleeping);
      }
      self.state.store(Slot::kWaiting, std::memory_order_relaxed);
      if (self.stop) return;
      task = std::move(self.task);
      self.task = nullptr;
    }
    try {
      task();
    } catch (const std::exception& e) {
      // Handlers return errors as values; an exception here is a bug, so log it and keep serving.
      log::error("worker task threw", {{"error", e.what()}});
    } catch (...) {
      log::error("worker task threw a non-standard exception");
    }
  }
}

}  // namespace dexcc::net
