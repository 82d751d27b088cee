// Clock: the injectable source of "now", so expiry logic is tested without sleeping.
#pragma once

#include <chrono>
#include <mutex>

namespace dexcc::base {

// Microsecond precision: enough for every timestamp dex stores (Postgres keeps microseconds) and
// wide enough to hold Go's zero time (year 1), which dex writes for unset times.
using Duration = std::chrono::microseconds;
using Time = std::chrono::time_point<std::chrono::system_clock, Duration>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time now() const = 0;
};

// The real wall clock (UTC, as all times in dexcc are).
class SystemClock final : public Clock {
 public:
  Time now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
};

// A clock tests set and advance by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Time start) : now_(start) {}
  Time now() const override {
    std::lock_guard lock(mu_);
    return now_;
  }
  void set(Time t) {
    std::lock_guard lock(mu_);
    now_ = t;
  }
  void advance(Duration d) {
    std::lock_guard lock(mu_);
    now_ += d;
  }

 private:
  mutable std::mutex mu_;
  Time now_;
};

// Seconds since the Unix epoch, as JWT claims and dex's JSON use them.
inline long long unix_seconds(Time t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline Time from_unix_seconds(long long s) { return Time(std::chrono::seconds(s)); }

}  // namespace dexcc::base
