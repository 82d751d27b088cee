// Periodic health checking and go-sundheit-compatible JSON reports.
#include "telemetry/health.h"

#include <nlohmann/json.hpp>

#include "base/time_format.h"

namespace dexcc::telemetry {

HealthCheck::HealthCheck(std::string name, Check check, std::chrono::milliseconds interval, const base::Clock& clock)
    : name_(std::move(name)),
      check_(std::move(check)),
      interval_(interval),
      clock_(clock),
      message_("didn't run yet"),
      timestamp_(clock.now()) {}

HealthCheck::~HealthCheck() { stop(); }

void HealthCheck::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      run_once();
      lock.lock();
      cv_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void HealthCheck::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HealthCheck::run_once() {
  auto started = std::chrono::steady_clock::now();
  std::optional<std::string> failure;
  try {
    failure = check_();
  } catch (const std::exception& e) {
    failure = e.what();
  }
  auto took = std::chrono::steady_clock::now() - started;
  std::lock_guard lock(mu_);
  message_.reset();
  error_ = failure;
  timestamp_ = clock_.now();
  duration_ = std::chrono::duration_cast<std::chrono::nanoseconds>(took);
  if (failure) {
    if (contiguous_failures_++ == 0) first_failure_ = timestamp_;
  } else {
    contiguous_failures_ = 0;
    first_failure_.reset();
  }
}

bool HealthCheck::healthy() const {
  std::lock_guard lock(mu_);
  return !error_.has_value();
}

std::chrono::nanoseconds HealthCheck::last_duration() const {
  std::lock_guard lock(mu_);
  return duration_;
}

std::string HealthCheck::report_json(bool short_form) const {
  std::lock_guard lock(mu_);
  nlohmann::ordered_json report = nlohmann::ordered_json::object();
  if (short_form) {
    report[name_] = error_ ? "FAIL" : "PASS";
  } else {
    nlohmann::ordered_json r = nlohmann::ordered_json::object();
    if (message_) r["message"] = *message_;
    if (error_) r["error"] = {{"message", *error_}};
    r["timestamp"] = base::format_rfc3339_nano(timestamp_);
    if (duration_.count() != 0) r["duration"] = duration_.count();
    r["contiguousFailures"] = contiguous_failures_;
    r["timeOfFirstFailure"] = first_failure_ ? nlohmann::ordered_json(base::format_rfc3339_nano(*first_failure_))
                                             : nlohmann::ordered_json(nullptr);
    report[name_] = std::move(r);
  }
  // Go's json.Encoder with SetIndent("", "\t") ends with a newline.
  return report.dump(1, '\t') + "\n";
}

}  // namespace dexcc::telemetry
