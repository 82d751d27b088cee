// dexcc_startup: how long `dexcc serve CONFIG` takes from exec to answering discovery (and, with
// `fresh`, a /keys holding a key), and how much memory it holds when idle, over several starts.
// Without `fresh` the storage is the same (already created) one each time; with it the config is
// expected to name empty storage (memory), so every start makes its first signing key.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "load/http_connection.h"
#include "load/server_probe.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Start {
  double ready_ms = -1;
  uint64_t idle_rss_kib = 0;
};

// Ready: discovery answers, and when `keys` is set, /keys publishes at least one key.
bool ready(dexcc::bench::HttpConnection& conn, const std::string& discovery, const std::string& keys) {
  if (conn.request("GET", discovery).status != 200) return false;
  if (keys.empty()) return true;
  auto reply = conn.request("GET", keys);
  return reply.status == 200 && reply.body.find("\"kid\"") != std::string::npos;
}

Start start_once(const char* binary, const char* config, uint16_t port, const std::string& discovery,
                 const std::string& keys) {
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    // The server's log goes nowhere: only its timing is of interest here.
    freopen("/dev/null", "w", stderr);
    freopen("/dev/null", "w", stdout);
    execl(binary, binary, "serve", config, static_cast<char*>(nullptr));
    _exit(127);
  }
  Start s;
  dexcc::bench::HttpConnection conn("127.0.0.1", port);
  while (Clock::now() - t0 < std::chrono::seconds(10)) {
    if (ready(conn, discovery, keys)) {
      s.ready_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      break;
    }
    if (waitpid(pid, nullptr, WNOHANG) == pid) return s;  // it exited: a broken config
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  // Idle: a second after start with one request served, as a freshly deployed replica sits.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  s.idle_rss_kib = dexcc::bench::ServerProbe(pid).rss_kib();
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: dexcc_startup DEXCC CONFIG PORT [RUNS] [ISSUER_PATH] [fresh]\n");
    return 2;
  }
  auto port = static_cast<uint16_t>(std::stoi(argv[3]));
  int runs = argc > 4 ? std::stoi(argv[4]) : 5;
  std::string issuer_path = argc > 5 ? argv[5] : "/dex";
  std::string discovery = issuer_path + "/.well-known/openid-configuration";
  std::string keys = argc > 6 && std::string(argv[6]) == "fresh" ? issuer_path + "/keys" : "";
  std::vector<double> times;
  uint64_t idle_rss = 0;
  for (int i = 0; i < runs; ++i) {
    Start s = start_once(argv[1], argv[2], port, discovery, keys);
    if (s.ready_ms < 0) {
      std::fprintf(stderr, "dexcc_startup: the server never became ready\n");
      return 1;
    }
    times.push_back(s.ready_ms);
    idle_rss = std::max(idle_rss, s.idle_rss_kib);
  }
  std::sort(times.begin(), times.end());
  std::printf("ready_ms_median\tready_ms_min\tready_ms_max\tidle_rss_kib_max\n%.1f\t%.1f\t%.1f\t%llu\n",
              times[times.size() / 2], times.front(), times.back(), static_cast<unsigned long long>(idle_rss));
  return 0;
}
