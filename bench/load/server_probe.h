// What the kernel knows about the server process: CPU time and resident memory from /proc.
#pragma once

#include <chrono>
#include <cstdint>
#include <sys/types.h>

namespace dexcc::bench {

class ServerProbe {
 public:
  explicit ServerProbe(pid_t pid) : pid_(pid) {}
  // utime + stime of every thread (/proc/<pid>/stat fields 14 and 15); negative when unreadable.
  std::chrono::microseconds cpu_time() const;
  // VmRSS and VmHWM from /proc/<pid>/status, in KiB (0 when unreadable).
  uint64_t rss_kib() const;
  uint64_t peak_rss_kib() const;
  // Resets VmHWM to the current RSS (writes "5" to clear_refs) so each scenario gets its own peak.
  bool reset_peak() const;

 private:
  uint64_t status_field(const char* name) const;
  pid_t pid_;
};

}  // namespace dexcc::bench
