// HealthCheck: a periodic check (dex's "storage" check) with go-sundheit's result bookkeeping
// and JSON shapes for /healthz and /healthz/ready.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "base/clock.h"

namespace dexcc::telemetry {

class HealthCheck {
 public:
  // Returns nullopt when healthy, else the failure message.
  using Check = std::function<std::optional<std::string>()>;

  // Starts "initially passing" with the message "didn't run yet", as dex configures go-sundheit.
  HealthCheck(std::string name, Check check, std::chrono::milliseconds interval, const base::Clock& clock);
  ~HealthCheck();

  // Runs the check now and then every interval on a thread of its own.
  void start();
  void stop();
  void run_once();

  bool healthy() const;
  // go-sundheit's report: {"<name>": {message?, error?, timestamp, duration?, contiguousFailures,
  // timeOfFirstFailure}} tab-indented, or {"<name>": "PASS"|"FAIL"} when `short_form`.
  std::string report_json(bool short_form) const;
  // How long the last run took (the main port's "Health check passed in ..." text).
  std::chrono::nanoseconds last_duration() const;

 private:
  std::string name_;
  Check check_;
  std::chrono::milliseconds interval_;
  const base::Clock& clock_;

  mutable std::mutex mu_;
  std::optional<std::string> message_;
  std::optional<std::string> error_;
  base::Time timestamp_;
  std::chrono::nanoseconds duration_{0};
  long long contiguous_failures_ = 0;
  std::optional<base::Time> first_failure_;

  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dexcc::telemetry
