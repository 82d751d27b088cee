// HTTP, build and process metrics with dex's names, help texts and buckets.
#include "telemetry/http_metrics.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dexcc::telemetry {
namespace {
std::atomic<uint64_t> g_next_instance{1};

// The method label as Prometheus's Go client (promhttp) gives it: the known methods in upper or
// lower case, lowercased, and every other spelling "unknown". Labelling by the raw method would let
// any client add series without bound (one per method token it sends).
std::string_view method_label(std::string_view m) {
  static constexpr std::string_view kKnown[] = {"get",     "put",     "head",   "post",  "delete",
                                                "connect", "options", "notify", "trace", "patch"};
  for (std::string_view known : kKnown) {
    if (m.size() != known.size()) continue;
    bool lower = m == known, upper = true;
    for (size_t i = 0; i < m.size() && upper; ++i) upper = m[i] == known[i] - 'a' + 'A';
    if (lower || upper) return known;
  }
  return "unknown";
}
}  // namespace

HttpMetrics::HttpMetrics(Registry& registry)
    : instance_(g_next_instance.fetch_add(1)),
      requests_(std::make_shared<CounterFamily>("http_requests_total", "Count of all HTTP requests.",
                                                std::vector<std::string>{"code", "method", "handler"})),
      durations_(std::make_shared<HistogramFamily>("request_duration_seconds", "A histogram of latencies for requests.",
                                                   std::vector<std::string>{"code", "method", "handler"},
                                                   std::vector<double>{.25, .5, 1, 2.5, 5, 10})),
      sizes_(std::make_shared<HistogramFamily>("response_size_bytes", "A histogram of response sizes for requests.",
                                               std::vector<std::string>{"code", "method", "handler"},
                                               std::vector<double>{200, 500, 900, 1500})) {
  registry.add(requests_);
  registry.add(durations_);
  registry.add(sizes_);
}

void HttpMetrics::observe(const std::string& handler, std::string_view method, int status,
                          std::chrono::nanoseconds elapsed, size_t response_bytes) {
  const Series& s = series(handler, method, status);
  s.requests->value.fetch_add(1, std::memory_order_relaxed);
  s.durations->observe(std::chrono::duration<double>(elapsed).count());
  s.sizes->observe(static_cast<double>(response_bytes));
}

// Every request is counted. The key is built in a buffer the thread keeps (no allocation) and looked
// up first in the thread's own copy of the index: the shared index's lock was the one cache line
// that both I/O threads wrote for every request. The shared index (under its lock) is read on a
// thread's first request of each combination; the three families' own locks are taken only for a
// new one. Entries never move or go away, so the thread copies keep plain pointers.
const HttpMetrics::Series& HttpMetrics::series(const std::string& handler, std::string_view method, int status) {
  thread_local std::string key;
  key.assign(handler);
  key += ' ';
  std::string_view label = method_label(method);
  key += label;
  key += ' ';
  char code[16];
  auto end = std::to_chars(code, code + sizeof code, status).ptr;
  key.append(code, end);
  // The thread's copy belongs to one HttpMetrics at a time, told apart by a number that is never
  // reused (an address could be, by a later instance).
  thread_local struct {
    uint64_t owner = 0;
    std::unordered_map<std::string, const Series*, KeyHash, std::equal_to<>> index;
  } local;
  if (local.owner != instance_) {
    local.index.clear();
    local.owner = instance_;
  }
  if (auto it = local.index.find(std::string_view(key)); it != local.index.end()) return *it->second;
  const Series& found = shared_series(key, handler, label, std::string_view(code, end));
  local.index.emplace(key, &found);
  return found;
}

const HttpMetrics::Series& HttpMetrics::shared_series(const std::string& key, std::string_view handler,
                                                     std::string_view method, std::string_view code) {
  {
    std::shared_lock lock(series_mu_);
    if (auto it = series_.find(std::string_view(key)); it != series_.end()) return it->second;
  }
  Labels labels{std::string(code), std::string(method), std::string(handler)};
  Series fresh{requests_->series(labels), durations_->series(labels), sizes_->series(labels)};
  std::unique_lock lock(series_mu_);
  return series_.try_emplace(key, fresh).first->second;
}

void register_build_info(Registry& registry, const std::string& version) {
  std::string compiler = fmt::format("gcc{}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
  registry.add(std::make_shared<FunctionCollector>([version, compiler](std::string& out) {
    out += "# HELP dex_build_info A metric with a constant '1' value labeled by version from which Dex was built.\n";
    out += "# TYPE dex_build_info gauge\n";
    append_sample(out, "dex_build_info", {"version", "go_version", "platform"}, {version, compiler, "linux/amd64"}, 1);
  }));
}

namespace {

const double kStartTime = [] {
  // Field 22 of /proc/self/stat is the start time in clock ticks since boot.
  std::ifstream stat("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), {});
  size_t paren = content.rfind(')');
  std::istringstream rest(content.substr(paren + 2));
  std::string field;
  unsigned long long start_ticks = 0;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22) start_ticks = std::stoull(field);
  }
  std::ifstream uptime_file("/proc/uptime");
  double uptime = 0;
  uptime_file >> uptime;
  double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  double boot = static_cast<double>(std::time(nullptr)) - uptime;
  return boot + static_cast<double>(start_ticks) / ticks;
}();

void gauge(std::string& out, const char* name, const char* help, const char* type, double v) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  append_sample(out, name, {}, {}, v);
}

}  // namespace

void register_process_metrics(Registry& registry) {
  registry.add(std::make_shared<FunctionCollector>([](std::string& out) {
    std::ifstream stat("/proc/self/stat");
    std::string content((std::istreambuf_iterator<char>(stat)), {});
    size_t paren = content.rfind(')');
    std::istringstream rest(paren == std::string::npos ? "" : content.substr(paren + 2));
    std::vector<std::string> f(3);  // fields 1..2 are pid and comm
    std::string field;
    while (rest >> field) f.push_back(field);
    if (f.size() <= 24) return;
    double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    double cpu = (std::stod(f[14]) + std::stod(f[15])) / ticks;
    double vsize = std::stod(f[23]);
    double rss = std::stod(f[24]) * static_cast<double>(sysconf(_SC_PAGESIZE));
    size_t fds = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec))
      ++fds;
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    gauge(out, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter", cpu);
    gauge(out, "process_max_fds", "Maximum number of open file descriptors.", "gauge", static_cast<double>(lim.rlim_cur));
    gauge(out, "process_open_fds", "Number of open file descriptors.", "gauge", static_cast<double>(fds));
    gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", rss);
    gauge(out, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge",
          kStartTime);
    gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", vsize);
  }));
}

}  // namespace dexcc::telemetry
