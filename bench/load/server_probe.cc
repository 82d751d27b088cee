// ServerProbe: plain reads of /proc/<pid>/stat and /proc/<pid>/status.
#include "load/server_probe.h"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace dexcc::bench {

std::chrono::microseconds ServerProbe::cpu_time() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return std::chrono::microseconds(-1);
  // The command name (field 2) may contain spaces; fields after it start past the last ')'.
  size_t paren = text.rfind(')');
  if (paren == std::string::npos) return std::chrono::microseconds(-1);
  std::istringstream rest(text.substr(paren + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  static const long ticks = sysconf(_SC_CLK_TCK);
  return std::chrono::microseconds((utime + stime) * 1'000'000ULL / static_cast<unsigned long long>(ticks));
}

uint64_t ServerProbe::status_field(const char* name) const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  size_t len = std::strlen(name);
  while (std::getline(in, line)) {
    if (line.compare(0, len, name) == 0 && line.size() > len && line[len] == ':') {
      return std::stoull(line.substr(len + 1));
    }
  }
  return 0;
}

uint64_t ServerProbe::rss_kib() const { return status_field("VmRSS"); }
uint64_t ServerProbe::peak_rss_kib() const { return status_field("VmHWM"); }

bool ServerProbe::reset_peak() const {
  std::ofstream out("/proc/" + std::to_string(pid_) + "/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace dexcc::bench
