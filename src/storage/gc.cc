// The garbage-collection thread and its log lines (dex v2.45.1's wording and attribute names).
#include "storage/gc.h"

#include "base/log.h"

namespace dexcc::storage {

GarbageCollector::GarbageCollector(GarbageStore& store, const base::Clock& clock, base::Duration interval)
    : store_(store), clock_(clock), interval_(interval) {}

GarbageCollector::~GarbageCollector() {
  stop();
}

void GarbageCollector::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { loop(); });
}

void GarbageCollector::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<GcResult> GarbageCollector::run_once() {
  auto result = store_.garbage_collect(clock_.now());
  if (!result) {
    log::error("garbage collection failed", {{"err", result.error().message}});
  } else if (!result->empty()) {
    log::info("garbage collection run, delete auth", {{"requests", result->auth_requests},
                                                      {"auth_codes", result->auth_codes},
                                                      {"device_requests", result->device_requests},
                                                      {"device_tokens", result->device_tokens}});
  }
  return result;
}

void GarbageCollector::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    lock.unlock();
    (void)run_once();
    lock.lock();
  }
}

}  // namespace dexcc::storage
