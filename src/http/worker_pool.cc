// WorkerPool implementation: one mutex-guarded deque, idle workers woken last-in first-out; tasks
// never throw out of run().
#include "http/worker_pool.h"

#include "base/log.h"

namespace dexcc::http {

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
  Slot* wake = nullptr;
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back(std::move(task));
    if (!idle_.empty()) {
      wake = idle_.back();
      idle_.pop_back();
      wake->woken = true;
    }
  }
  // No idle worker: every one is busy and the first to finish takes the task from the queue.
  if (wake) wake->cv.notify_one();
  return true;
}

void WorkerPool::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  for (auto& slot : slots_) slot->cv.notify_one();
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
    {
      std::unique_lock lock(mu_);
      while (queue_.empty()) {
        if (stopping_) return;  // stopping and drained
        // Woken for a task another worker took first: become idle again (on top of the stack).
        self.woken = false;
        idle_.push_back(&self);
        self.cv.wait(lock, [&] { return self.woken || stopping_; });
        if (!self.woken) std::erase(idle_, &self);  // stopping: leave the idle list
      }
      task = std::move(queue_.front());
      queue_.pop_front();
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

}  // namespace dexcc::http
