// End-to-end: concurrent requests against the real binary on memory and SQLite storage — many
// parallel refreshes of one refresh token (with and without a reuse interval) and many parallel
// full logins; nothing may fail with a 5xx and the user must keep a working offline session.
#include <gtest/gtest.h>

#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

const Basic kApp{"app", "app-secret"};
constexpr char kInvalidRefresh[] = "Refresh token is invalid or has already been claimed by another client.";

std::string config(const std::string& extra = {}) {
  return "staticClients:\n" + app_client_yaml() + kMockConnectorYaml + "oauth2:\n  skipApprovalScreen: true\n" + extra;
}

class E2EConcurrency : public StoreTest {
 protected:
  DexccInstance& run(const std::string& extra = {}) { return start_ok(config(extra)); }
};

// Runs `body(i)` on `n` threads released together, so the requests really overlap.
template <class T, class F>
std::vector<T> in_parallel(int n, F body) {
  std::vector<T> results(n);
  std::latch go(n);
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      results[i] = body(i);
    });
  }
  for (auto& t : threads) t.join();
  return results;
}

// Every answer came (status 0 is a dropped connection) and none is a server error.
void expect_no_server_errors(const std::vector<TokenReply>& replies) {
  for (const auto& r : replies) {
    EXPECT_NE(r.status(), 0) << "no answer";
    EXPECT_LT(r.status(), 500) << r.http.body;
  }
}

std::vector<TokenReply> refresh_in_parallel(const DexccInstance& dex, const std::string& refresh_token, int n) {
  return in_parallel<TokenReply>(n, [&](int) { return refresh(dex, refresh_token, kApp); });
}

std::string first_login(const DexccInstance& dex) {
  TokenReply t = login_tokens(dex, AuthParams{.scope = "openid email offline_access"}, kApp);
  EXPECT_EQ(t.status(), 200) << t.http.body;
  return t.str("refresh_token");
}

TEST_P(E2EConcurrency, ParallelRefreshesWithRotationHaveExactlyOneWinner) {
  DexccInstance& dex = run();
  std::string r0 = first_login(dex);
  ASSERT_FALSE(r0.empty());

  auto replies = refresh_in_parallel(dex, r0, 50);
  expect_no_server_errors(replies);
  std::vector<std::string> winners;
  for (const auto& r : replies) {
    if (r.status() == 200) {
      winners.push_back(r.str("refresh_token"));
    } else {
      EXPECT_EQ(r.status(), 400);
      EXPECT_EQ(r.error(), "invalid_request");
      EXPECT_EQ(r.str("error_description"), kInvalidRefresh);
    }
  }
  // The rotation is atomic: one request claims the token, every other one is refused.
  ASSERT_EQ(winners.size(), 1u);
  EXPECT_NE(winners[0], r0);

  // The winner's token carries the offline session on.
  TokenReply next = refresh(dex, winners[0], kApp);
  ASSERT_EQ(next.status(), 200) << next.http.body;
  EXPECT_EQ(introspect(dex, next.str("refresh_token")).json["active"], true);
  EXPECT_EQ(refresh(dex, r0, kApp).status(), 400);
}

TEST_P(E2EConcurrency, ParallelRefreshesWithinTheReuseIntervalShareOneNewToken) {
  DexccInstance& dex = run("expiry:\n  refreshTokens:\n    reuseInterval: 2s\n");
  std::string r0 = first_login(dex);
  ASSERT_FALSE(r0.empty());
  // Leave the interval that starts at issue, so that the first refresh below rotates.
  std::this_thread::sleep_for(2500ms);

  auto replies = refresh_in_parallel(dex, r0, 50);
  expect_no_server_errors(replies);
  // One request rotates; the others, inside the interval, are answered with that same new token.
  // Requests that a loaded machine delays past the interval are refused, never given another one.
  std::set<std::string> handed_out;
  for (const auto& r : replies) {
    if (r.status() == 200) {
      handed_out.insert(r.str("refresh_token"));
    } else {
      EXPECT_EQ(r.str("error_description"), kInvalidRefresh) << r.http.body;
    }
  }
  ASSERT_EQ(handed_out.size(), 1u);
  std::string current = *handed_out.begin();
  EXPECT_NE(current, r0);

  TokenReply next = refresh(dex, current, kApp);
  ASSERT_EQ(next.status(), 200) << next.http.body;
  EXPECT_EQ(introspect(dex, next.str("refresh_token")).json["active"], true);
}

TEST_P(E2EConcurrency, ParallelRefreshesWithinTheIntervalOfIssue) {
  DexccInstance& dex = run("expiry:\n  refreshTokens:\n    reuseInterval: 60s\n");
  std::string r0 = first_login(dex);
  ASSERT_FALSE(r0.empty());
  // Inside the interval from issue nothing rotates: everyone gets the same token back, as in dex.
  auto replies = refresh_in_parallel(dex, r0, 50);
  expect_no_server_errors(replies);
  for (const auto& r : replies) {
    EXPECT_EQ(r.status(), 200) << r.http.body;
    EXPECT_EQ(r.str("refresh_token"), r0);
  }
  EXPECT_EQ(refresh(dex, r0, kApp).status(), 200);
}

TEST_P(E2EConcurrency, ParallelLoginsAllGetTokens) {
  DexccInstance& dex = run();
  constexpr int kLogins = 200;
  std::mutex mu;
  std::vector<std::string> failures;
  auto replies = in_parallel<TokenReply>(kLogins, [&](int i) {
    AuthParams p{.scope = "openid email offline_access", .state = "st-" + std::to_string(i)};
    HttpResult done = login(dex, p);
    std::string code = code_of(done);
    if (code.empty()) {
      std::lock_guard lock(mu);
      failures.push_back(std::to_string(done.status) + " " + location(done) + " " + done.body.substr(0, 200));
      return TokenReply{};
    }
    EXPECT_EQ(parse_url(location(done)).query.get("state"), p.state);
    return redeem(dex, code, kApp);
  });
  EXPECT_TRUE(failures.empty()) << failures.size() << " logins failed, first: " << failures.front();
  expect_no_server_errors(replies);
  std::set<std::string> access_tokens;
  for (const auto& r : replies) {
    EXPECT_EQ(r.status(), 200) << r.http.body;
    EXPECT_FALSE(r.str("id_token").empty());
    EXPECT_FALSE(r.str("refresh_token").empty());
    access_tokens.insert(r.str("access_token"));
  }
  EXPECT_EQ(access_tokens.size(), static_cast<size_t>(kLogins));

  // Each login replaced the previous refresh token of this user and client; whichever came last is
  // the one the offline session holds, and it works.
  int working = 0;
  std::string survivor;
  for (const auto& r : replies) {
    if (r.str("refresh_token").empty()) continue;
    TokenReply info = introspect(dex, r.str("refresh_token"));
    EXPECT_EQ(info.status(), 200) << info.http.body;
    if (info.json["active"] == true) {
      ++working;
      survivor = r.str("refresh_token");
    }
  }
  EXPECT_EQ(working, 1);
  TokenReply next = refresh(dex, survivor, kApp);
  EXPECT_EQ(next.status(), 200) << next.http.body;
}

DEXCC_INSTANTIATE_STORES(E2EConcurrency);

}  // namespace
}  // namespace dexcc::testing
