// Refresh load for storage fault tests: a few clients, each rotating its own refresh token in a
// loop on its own thread, counting successes, server errors and refusals (a refusal means an
// acknowledged rotation was lost).
#pragma once

#include <atomic>
#include <thread>
#include <vector>

#include "flow_helpers.h"

namespace dexcc::testing::flow {

class RefreshChains {
 public:
  // One client per chain: a new login of the (one) mock user replaces its refresh token for that
  // client.
  static constexpr int kClients = 4;

  static Basic client(int i) { return Basic{"c" + std::to_string(i), "c-secret"}; }
  static std::string clients_yaml() {
    std::string out = "staticClients:\n";
    for (int i = 0; i < kClients; ++i) {
      out += "- id: c" + std::to_string(i) +
             "\n  secret: c-secret\n  name: C\n  redirectURIs: ['http://127.0.0.1:5555/callback']\n";
    }
    return out;
  }

  explicit RefreshChains(const DexccInstance& dex) : dex_(dex), last_(kClients) {}
  ~RefreshChains() { stop(); }

  // A login per client; false when one fails.
  bool log_in() {
    for (int i = 0; i < kClients; ++i) {
      TokenReply t = login_tokens(dex_, AuthParams{.client_id = "c" + std::to_string(i), .scope = "openid offline_access"},
                                  client(i));
      EXPECT_EQ(t.status(), 200) << t.http.body;
      if (t.status() != 200) return false;
      last_[i] = t.str("refresh_token");
    }
    return true;
  }
  // `on_server_error` runs on a client's thread for each 5xx.
  template <class F>
  void start(F on_server_error) {
    for (int i = 0; i < kClients; ++i) {
      threads_.emplace_back([this, i, on_server_error] {
        while (!stop_) {
          TokenReply r = refresh(dex_, last_[i], client(i));
          if (r.status() == 200) {
            last_[i] = r.str("refresh_token");
            ++ok;
          } else if (r.status() >= 500) {
            ++server_errors;
            on_server_error();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          } else {
            ++other;
          }
        }
      });
    }
  }
  void start() {
    start([] {});
  }
  void stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  // After stop(): each chain's last token still refreshes.
  void expect_every_chain_refreshes() {
    for (int i = 0; i < kClients; ++i) {
      TokenReply r = refresh(dex_, last_[i], client(i));
      EXPECT_EQ(r.status(), 200) << r.http.body;
    }
  }

  std::atomic<int> ok{0}, server_errors{0}, other{0};

 private:
  const DexccInstance& dex_;
  std::vector<std::string> last_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

}  // namespace dexcc::testing::flow
