// WorkerPool: a fixed set of threads running blocking handler work from a bounded queue.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace dexcc::http {

class WorkerPool {
 public:
  WorkerPool(size_t threads, size_t queue_limit);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false when the queue is full or the pool is stopping (the caller answers 503).
  bool try_submit(std::function<void()> task);
  // Runs what is queued, then joins the threads.
  void stop();
  size_t queued() const;
  // Workers waiting for a task.
  size_t idle() const;

 private:
  // One worker's wake-up: its own condition variable, so the pool chooses which worker runs next.
  struct Slot {
    std::condition_variable cv;
    bool woken = false;
  };

  void run(Slot& self);

  mutable std::mutex mu_;
  std::deque<std::function<void()>> queue_;
  // Idle workers, most recently idle last. A task wakes the last one: its stack and the handler's
  // data are still in cache, and under light load the same few threads do all the work instead of
  // sixteen threads taking turns on two cores (the kernel wakes condition-variable waiters FIFO).
  std::vector<Slot*> idle_;
  size_t queue_limit_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::thread> threads_;
};

}  // namespace dexcc::http
