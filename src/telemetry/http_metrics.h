// dex's HTTP instrumentation (http_requests_total, request_duration_seconds, response_size_bytes)
// plus dex_build_info and the process collector, registered into one Registry.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "telemetry/metrics.h"

namespace dexcc::telemetry {

class HttpMetrics {
 public:
  explicit HttpMetrics(Registry& registry);
  // `handler` is the route relative to the issuer path ("/token"); `method` is labelled as promhttp
  // does: GET or get -> "get", and any method outside the standard ten -> "unknown".
  void observe(const std::string& handler, std::string_view method, int status, std::chrono::nanoseconds elapsed,
               size_t response_bytes);

 private:
  // The three series of one (handler, method, code), found once and then updated without a lock.
  struct Series {
    CounterFamily::Series* requests;
    HistogramFamily::Series* durations;
    HistogramFamily::Series* sizes;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  const Series& series(const std::string& handler, std::string_view method, int status);
  // The index every thread shares; `key` is "handler method code", made of the three labels.
  const Series& shared_series(const std::string& key, std::string_view handler, std::string_view method,
                              std::string_view code);

  uint64_t instance_;  // tells this object's entries in the threads' copies of the index apart

  std::shared_ptr<CounterFamily> requests_;
  std::shared_ptr<HistogramFamily> durations_;
  std::shared_ptr<HistogramFamily> sizes_;
  std::shared_mutex series_mu_;
  std::unordered_map<std::string, Series, KeyHash, std::equal_to<>> series_;  // "handler method code"
};

// dex_build_info{version,go_version,platform} 1. dexcc reports its compiler in go_version.
void register_build_info(Registry& registry, const std::string& version);
// process_cpu_seconds_total, process_resident_memory_bytes, process_open_fds, ... from /proc.
void register_process_metrics(Registry& registry);

}  // namespace dexcc::telemetry
