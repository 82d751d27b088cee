// WorkerPool: a fixed set of threads running blocking handler work from a bounded queue.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace dexcc::net {

class WorkerPool {
 public:
  WorkerPool(size_t threads, size_t queue_limit);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false when the queue is full or the pool is stopping (the caller answers 503),
  // or when `task` is empty.
  bool try_submit(std::function<void()> task);
  // Runs what is queued, then joins the threads.
  void stop();
  size_t queued() const;
  // Workers waiting for a task.
  size_t idle() const;

 private:
  // One idle worker's hand-over point. A task for an idle worker is put here, not in the queue, and
  // the worker sleeps on `state` with a futex of its own: waking it no longer means taking the
  // pool's mutex again (on which woken workers and the I/O threads collided), and costs exactly
  // one wake-up call, and none when the worker has not gone to sleep yet. (A condition variable
  // cost a second call: glibc marks a mutex retaken after a wait as contended, so its unlock always
  // enters the kernel.)
  struct Slot {
    static constexpr uint32_t kWaiting = 0, kHanded = 1, kSleeping = 2;
    std::atomic<uint32_t> state{kWaiting};
    std::function<void()> task;
    bool stop = false;  // handed instead of a task when the pool stops
  };

  void run(Slot& self);
  // Gives `slot` a task (or, with `stop`, the order to stop) and wakes its worker.
  static void hand_over(Slot& slot, std::function<void()> task, bool stop = false);

  mutable std::mutex mu_;
  std::deque<std::function<void()>> queue_;  // tasks no idle worker was there to take
  // Idle workers, most recently idle last. A task goes to the last one: its stack and the handler's
  // data are still in cache, and under light load the same few threads do all the work instead of
  // sixteen threads taking turns on two cores.
  std::vector<Slot*> idle_;
  size_t queue_limit_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::thread> threads_;
};

}  // namespace dexcc::net
