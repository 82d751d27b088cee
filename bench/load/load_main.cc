// dexcc_load: runs one scenario against a running dexcc for a fixed time with N keep-alive
// connections (one thread each) and prints one tab-separated result line; see bench/run.sh.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "load/latency.h"
#include "load/scenario.h"
#include "load/server_probe.h"

namespace dexcc::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  Target target;
  std::string scenario;
  int connections = 8;
  double seconds = 5;
  pid_t server_pid = 0;
};

struct WorkerResult {
  std::vector<uint64_t> latencies_ns;
  uint64_t errors = 0;
  uint64_t connects = 0;
  bool setup_ok = false;
};

void usage() {
  std::cerr << "usage: dexcc_load --port P --pid SERVER_PID --scenario NAME [--connections N] [--seconds S]\n"
               "                  [--prefix /dex] [--client ID_PREFIX:SECRET] [--redirect-uri URL] [--user EMAIL:PASSWORD]\n"
               "       dexcc_load --header   (prints the column names)\n"
               "worker i authenticates as client ID_PREFIX-i (default bench-i, secret bench-secret)\n"
               "scenarios:";
  for (const auto& n : scenario_names()) std::cerr << " " << n;
  std::cerr << "\n";
}

bool split_pair(const std::string& s, std::string& a, std::string& b) {
  size_t colon = s.find(':');
  if (colon == std::string::npos) return false;
  a = s.substr(0, colon);
  b = s.substr(colon + 1);
  return true;
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    std::string value = argv[++i];
    if (flag == "--port") o.target.port = static_cast<uint16_t>(std::stoi(value));
    else if (flag == "--pid") o.server_pid = std::stoi(value);
    else if (flag == "--scenario") o.scenario = value;
    else if (flag == "--connections") o.connections = std::stoi(value);
    else if (flag == "--seconds") o.seconds = std::stod(value);
    else if (flag == "--prefix") o.target.prefix = value;
    else if (flag == "--redirect-uri") o.target.redirect_uri = value;
    else if (flag == "--client") { if (!split_pair(value, o.target.client_id, o.target.client_secret)) return false; }
    else if (flag == "--user") { if (!split_pair(value, o.target.username, o.target.password)) return false; }
    else return false;
  }
  return o.target.port != 0 && o.server_pid > 0 && !o.scenario.empty() && o.connections > 0 && o.seconds > 0;
}

void run_worker(const Options& o, int index, std::latch& ready, const std::atomic<bool>& go, Clock::time_point& deadline,
                WorkerResult& out) {
  // Each worker is its own client: dex keeps one refresh token per user and client, so workers
  // sharing a client (the mock connector always logs in the same user) would revoke each other's.
  Target target = o.target;
  target.client_id += "-" + std::to_string(index);
  HttpConnection conn(target.host, target.port);
  auto worker = make_worker(o.scenario, target);
  out.setup_ok = worker->setup(conn);
  ready.count_down();
  go.wait(false);
  if (!out.setup_ok) return;
  out.latencies_ns.reserve(1 << 16);
  for (auto start = Clock::now(); start < deadline; start = Clock::now()) {
    bool ok = worker->run_once(conn);
    out.latencies_ns.push_back(static_cast<uint64_t>((Clock::now() - start).count()));
    if (!ok) ++out.errors;
  }
  out.connects = conn.connects();
}

int run(const Options& o) {
  if (!make_worker(o.scenario, o.target)) {
    usage();
    return 2;
  }
  ServerProbe probe(o.server_pid);
  std::vector<WorkerResult> results(static_cast<size_t>(o.connections));
  std::latch ready(o.connections);
  std::atomic<bool> go{false};
  Clock::time_point deadline;
  std::vector<std::thread> threads;
  for (int i = 0; i < o.connections; ++i) {
    threads.emplace_back([&, i] { run_worker(o, i, ready, go, deadline, results[static_cast<size_t>(i)]); });
  }
  ready.wait();
  uint64_t rss_before = probe.rss_kib();
  probe.reset_peak();
  auto cpu_before = probe.cpu_time();
  auto started = Clock::now();
  deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  go = true;
  go.notify_all();
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  auto cpu_after = probe.cpu_time();
  uint64_t peak = probe.peak_rss_kib();

  std::vector<uint64_t> all;
  uint64_t errors = 0, connects = 0;
  for (auto& r : results) {
    if (!r.setup_ok) {
      std::cerr << "dexcc_load: " << o.scenario << ": a worker's setup failed (is the server configured for it?)\n";
      return 1;
    }
    all.insert(all.end(), r.latencies_ns.begin(), r.latencies_ns.end());
    errors += r.errors;
    connects += r.connects;
  }
  uint64_t ops = all.size();
  double cpu_us = static_cast<double>((cpu_after - cpu_before).count());
  std::printf("%s\t%d\t%.1f\t%llu\t%.0f\t%.0f\t%.0f\t%llu\t%.1f\t%.1f\t%llu\t%llu\t%llu\n", o.scenario.c_str(),
              o.connections, elapsed, static_cast<unsigned long long>(ops), static_cast<double>(ops) / elapsed,
              static_cast<double>(percentile(all, 50)) / 1e3, static_cast<double>(percentile(all, 99)) / 1e3,
              static_cast<unsigned long long>(errors), ops ? cpu_us / static_cast<double>(ops) : 0.0,
              cpu_us / 1e3 / elapsed, static_cast<unsigned long long>(rss_before),
              static_cast<unsigned long long>(peak), static_cast<unsigned long long>(connects));
  return 0;
}

}  // namespace
}  // namespace dexcc::bench

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--header") == 0) {
    std::printf("scenario\tconns\tseconds\tops\tops_per_s\tp50_us\tp99_us\terrors\tcpu_us_per_op\tcpu_ms_per_s"
                "\trss_kib\tpeak_rss_kib\tconnects\n");
    return 0;
  }
  dexcc::bench::Options options;
  if (!dexcc::bench::parse(argc, argv, options)) {
    dexcc::bench::usage();
    return 2;
  }
  return dexcc::bench::run(options);
}
