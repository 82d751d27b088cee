// Periodic garbage collection of expired auth requests, codes and device flow records (§7.4).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "storage/storage.h"

namespace dexcc::storage {

// Runs store.garbage_collect(clock.now()) every `interval` on its own thread, the first time one
// interval after start(), as dex does. A pass that removed something is logged at info level with
// dex's message and counts; a failed pass is logged as an error and the next one runs on schedule.
class GarbageCollector {
 public:
  static constexpr base::Duration kDefaultInterval = std::chrono::minutes(5);

  GarbageCollector(GarbageStore& store, const base::Clock& clock, base::Duration interval = kDefaultInterval);
  ~GarbageCollector();
  GarbageCollector(const GarbageCollector&) = delete;
  GarbageCollector& operator=(const GarbageCollector&) = delete;

  void start();
  // Wakes the thread and waits for it; safe to call more than once.
  void stop();
  // One pass now, logged as the periodic ones are.
  Result<GcResult> run_once();

 private:
  void loop();

  GarbageStore& store_;
  const base::Clock& clock_;
  base::Duration interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dexcc::storage
