// End-to-end overload: the real binary under 10,000 idle connections, slow-header and slow-body
// clients, and a burst of requests far above what its workers and queue hold. Its memory stays under
// a stated bound, health checks keep answering, a real client keeps getting tokens (more slowly), and
// everything is back to normal once the load ends. Deadlines are generous; no latency is asserted.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

const Basic kApp{"app", "app-secret"};

// The bound on dexcc's resident memory under every load below, also stated in
// docs/architecture.md: the listener's cap (4096 connections) times a connection's buffers is a few
// tens of MiB, and the queue (1024 requests of at most 1 MiB body, which a burst of small requests
// does not come near) is the rest. Measured peaks are far below (see the test output).
constexpr long kRssBoundKib = 256 * 1024;

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

// The test process holds one descriptor per client connection: the soft limit goes up to the hard one.
size_t raise_open_file_limit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

std::string config() {
  return "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() + kMockConnectorYaml + kPasswordDbYaml +
         "oauth2:\n  skipApprovalScreen: true\n  passwordConnector: local\n";
}

std::string healthz_request(const DexccInstance& dex) {
  return "GET " + dex.path("/healthz") + " HTTP/1.1\r\nHost: x\r\n\r\n";
}

bool healthy(const DexccInstance& dex) {
  auto main = dex.get("/healthz");
  auto probe = http_request(dex.telemetry_port(), "GET", "/healthz/live");
  return main && main->status == 200 && probe && probe->status == 200;
}

bool gets_tokens(const DexccInstance& dex) {
  TokenReply t = login_tokens(dex, AuthParams{.scope = "openid email"}, kApp);
  return t.status() == 200 && !t.str("id_token").empty();
}

// Client addresses on loopback, so that no one address reaches the per-address limit (256).
std::string source_address(size_t i) { return "127.0.1." + std::to_string(1 + i % 250); }

TEST(E2EOverload, TenThousandIdleConnectionsStayBounded) {
  size_t fd_limit = raise_open_file_limit();
  // Room for the test's own files and the instance's pipes next to the connections.
  const size_t wanted = 10'000;
  const size_t count = std::min(wanted, fd_limit > 512 ? fd_limit - 512 : 0);
  if (count < wanted) std::cout << "RLIMIT_NOFILE hard limit " << fd_limit << ": " << count << " connections\n";
  ASSERT_GT(count, 4096u) << "the hard open-file limit is too low to go past the server's cap";

  DexccInstance dex(config());
  ASSERT_TRUE(dex.started()) << dex.process().output();
  long before = rss_kib(dex.process().pid());

  // Each connection makes one request and stays open, idle, as a keep-alive client pool would. Past
  // the listener's cap (4096) the server closes the one idle the longest for each newcomer.
  std::vector<std::unique_ptr<RawConnection>> idle;
  idle.reserve(count);
  size_t answered = 0;
  for (size_t i = 0; i < count; ++i) {
    idle.push_back(std::make_unique<RawConnection>("127.0.0.1", dex.port(), source_address(i)));
    if (!idle.back()->connected()) continue;
    idle.back()->send(healthz_request(dex));
    if (auto r = idle.back()->read_response(30s); r && r->status == 200) ++answered;
  }
  EXPECT_EQ(answered, count) << "every connection is answered: an idle one makes room for it";
  long during = rss_kib(dex.process().pid());
  EXPECT_TRUE(healthy(dex));
  EXPECT_TRUE(gets_tokens(dex));

  idle.clear();
  EXPECT_TRUE(healthy(dex));
  EXPECT_TRUE(gets_tokens(dex));
  long after = rss_kib(dex.process().pid());
  std::cout << "RSS KiB before " << before << ", with " << count << " idle connections " << during << ", after "
            << after << "\n";
  EXPECT_LT(during, kRssBoundKib);
  EXPECT_LT(after, kRssBoundKib);
  EXPECT_TRUE(dex.process().running());
}

TEST(E2EOverload, SlowHeaderAndSlowBodyClientsAreCutOffWhileOthersAreServed) {
  raise_open_file_limit();
  DexccInstance dex(config());
  ASSERT_TRUE(dex.started()) << dex.process().output();
  long before = rss_kib(dex.process().pid());

  // 1000 clients dribbling a header and 200 dribbling a body they announced at 64 KiB.
  constexpr size_t kSlowHeaders = 1000, kSlowBodies = 200;
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (size_t i = 0; i < kSlowHeaders + kSlowBodies; ++i) {
    slow.push_back(std::make_unique<RawConnection>("127.0.0.1", dex.port(), source_address(i)));
    ASSERT_TRUE(slow.back()->connected()) << i;
    if (i < kSlowHeaders) {
      slow.back()->send("GET " + dex.path("/healthz") + " HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    } else {
      slow.back()->send("POST " + dex.path("/token") +
                        " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 65536\r\n\r\ngrant_type=");
    }
  }
  // Everyone keeps dribbling a byte every few seconds; the server's phase deadlines (10 s for the header,
  // 30 s for the body) run from the phase's start, so dribbling does not extend them.
  size_t closed = 0, checks = 0, served = 0;
  long peak = 0;
  for (auto deadline = std::chrono::steady_clock::now() + 60s;
       closed < slow.size() && std::chrono::steady_clock::now() < deadline;) {
    closed = 0;
    for (auto& c : slow) {
      if (!c) {
        ++closed;
      } else if (c->closed_by_peer(2ms)) {  // 2 ms: a shorter wait rounds to no poll at all
        c.reset();
        ++closed;
      } else {
        c->send("a");
      }
    }
    peak = std::max(peak, rss_kib(dex.process().pid()));
    ++checks;
    if (healthy(dex) && gets_tokens(dex)) ++served;
    std::this_thread::sleep_for(1s);
  }
  EXPECT_EQ(closed, slow.size()) << "every slow client is cut off";
  EXPECT_EQ(served, checks) << "health checks and a real client are served throughout";
  EXPECT_TRUE(healthy(dex));
  EXPECT_TRUE(gets_tokens(dex));
  std::cout << "RSS KiB before " << before << ", peak with " << slow.size() << " slow clients " << peak << "\n";
  EXPECT_LT(peak, kRssBoundKib);
}

// A burst far above capacity (16 workers, a queue of 1024): 2000 connections from 8 addresses each
// send a token request again as soon as they have an answer. Excess requests are refused with 503 at
// once; health checks (answered on the I/O threads) keep answering and a real client, retrying when
// refused, keeps getting tokens.
void burst_degrades_and_recovers(const std::string& form) {
  raise_open_file_limit();
  DexccInstance dex(config());
  ASSERT_TRUE(dex.started()) << dex.process().output();
  long before = rss_kib(dex.process().pid());
  TokenReply first = login_tokens(dex, AuthParams{.scope = "openid email offline_access"}, kApp);
  ASSERT_EQ(first.status(), 200) << first.http.body;
  std::string refresh_token = first.str("refresh_token");

  constexpr int kThreads = 8, kPerThread = 250;
  std::atomic<bool> stop{false};
  std::atomic<long> ok{0}, refused{0}, other{0};
  std::vector<std::thread> burst;
  const std::string request = "POST " + dex.path("/token") +
                              " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                              "Authorization: Basic YXBwOmFwcC1zZWNyZXQ=\r\nContent-Length: " +
                              std::to_string(form.size()) + "\r\n\r\n" + form;
  for (int t = 0; t < kThreads; ++t) {
    burst.emplace_back([&, t] {
      std::vector<std::unique_ptr<RawConnection>> conns(kPerThread);
      while (!stop) {
        for (auto& c : conns) {
          if (!c || !c->connected()) c = std::make_unique<RawConnection>("127.0.0.1", dex.port(), "127.0.2." + std::to_string(t + 1));
          if (!c->send(request)) c.reset();
        }
        for (auto& c : conns) {
          if (!c) continue;
          auto r = c->read_response(30s);
          if (!r) {
            c.reset();
            ++other;
          } else if (r->status == 503) {
            ++refused;
          } else if (r->status == 400 || r->status == 401) {
            ++ok;
          } else {
            ++other;
          }
          if (r && r->header("connection") == "close") c.reset();
        }
      }
    });
  }

  // A real client during the burst: it refreshes its token, one request at a time, and tries
  // again when refused. Every answer must come within a generous deadline (no hang), and some
  // must be new tokens.
  int refreshed = 0, attempts = 0, unanswered = 0, health_failures = 0;
  long peak = 0;
  // At least 20 s of burst, and on until the first new token (a generous deadline: 120 s).
  auto began = std::chrono::steady_clock::now();
  for (auto now = began; now < began + 20s || (refreshed == 0 && now < began + 120s);
       now = std::chrono::steady_clock::now()) {
    ++attempts;
    TokenReply r = refresh(dex, refresh_token, kApp);
    if (r.status() == 200) {
      ++refreshed;
      refresh_token = r.str("refresh_token");
    } else if (r.status() != 503) {
      ++unanswered;
      ADD_FAILURE() << r.status() << " " << r.http.body;
    }
    if (!healthy(dex)) ++health_failures;
    peak = std::max(peak, rss_kib(dex.process().pid()));
  }
  stop = true;
  for (auto& t : burst) t.join();
  std::cout << "burst: " << ok << " answered, " << refused << " refused with 503, " << other
            << " dropped or other; real client: " << refreshed << " refreshes of " << attempts << "; RSS KiB before "
            << before << ", peak " << peak << ", after " << rss_kib(dex.process().pid()) << "\n";
  EXPECT_GT(ok, 0);
  EXPECT_GT(refreshed, 0) << "a real client keeps getting tokens during the burst";
  EXPECT_EQ(unanswered, 0);
  EXPECT_EQ(health_failures, 0);
  EXPECT_LT(peak, kRssBoundKib);

  // Recovery: with the burst over, every login succeeds again.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(gets_tokens(dex)) << i;
  EXPECT_TRUE(healthy(dex));
  EXPECT_LT(rss_kib(dex.process().pid()), kRssBoundKib);
  EXPECT_TRUE(dex.process().running());
}

// Cheap requests: the I/O threads are the bottleneck, and TCP holds the rest back.
TEST(E2EOverload, BurstOfCheapRequestsDegradesAndRecovers) {
  burst_degrades_and_recovers("grant_type=authorization_code&code=xyz");
}

// Expensive requests (a bcrypt comparison each): the workers are the bottleneck, the queue fills and
// the excess is refused with 503.
TEST(E2EOverload, BurstOfPasswordGuessesDegradesAndRecovers) {
  burst_degrades_and_recovers("grant_type=password&username=admin%40example.com&password=wrong&scope=openid");
}

}  // namespace
}  // namespace dexcc::testing
