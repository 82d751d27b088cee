// End-to-end: every flow at once from many threads against one server whose signing keys rotate
// every 2 s: logins redeemed and refreshed, userinfo and introspection, device flows approved and
// polled while pending, and /keys and discovery read throughout. scripts/tsan.sh runs it against
// the ThreadSanitizer build of the server for longer ($DEXCC_LOAD_SECONDS); any report makes the
// server exit non-zero, which fails the test with the report.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";
constexpr int kLoginWorkers = 3;
constexpr char kInvalidRefresh[] = "Refresh token is invalid or has already been claimed by another client.";

// One client per login worker (dex keeps one refresh token per user and client), and a last
// client "app3" that two workers log the same user into, revoking each other's refresh tokens.
std::string login_client(int worker) { return "app" + std::to_string(worker); }

std::string config() {
  std::string clients;
  for (int i = 0; i <= kLoginWorkers; ++i) {
    clients += "- id: " + login_client(i) + "\n  secret: app-secret\n  name: App\n"
               "  redirectURIs: ['http://127.0.0.1:5555/callback']\n";
  }
  return "staticClients:\n" + clients + "- id: tv\n  public: true\n  name: The TV\n" +
         kMockConnectorYaml +
         "oauth2:\n  skipApprovalScreen: true\n"
         "signer:\n  type: local\n  config:\n    keysRotationPeriod: 2s\n";
}

std::chrono::seconds load_duration() {
  const char* s = std::getenv("DEXCC_LOAD_SECONDS");
  int n = s ? std::atoi(s) : 0;
  return std::chrono::seconds(n > 0 ? n : 6);
}

// What every worker reports: answers by status class, and the first few unexpected ones in full.
class Tally {
 public:
  void expect(std::string_view what, int status, int wanted, const std::string& body) {
    requests_.fetch_add(1, std::memory_order_relaxed);
    if (status == wanted) return;
    std::lock_guard lock(mu_);
    if (failures_.size() < 20) failures_.push_back(std::string(what) + ": " + std::to_string(status) + " " + body.substr(0, 300));
    ++failed_;
  }
  void saw_kid(const std::string& kid) {
    std::lock_guard lock(mu_);
    kids_.insert(kid);
  }
  int requests() const { return requests_.load(); }
  int failed() const {
    std::lock_guard lock(mu_);
    return failed_;
  }
  std::string failures() const {
    std::lock_guard lock(mu_);
    std::string all;
    for (const auto& f : failures_) all += f + "\n";
    return all;
  }
  size_t kids() const {
    std::lock_guard lock(mu_);
    return kids_.size();
  }

 private:
  std::atomic<int> requests_{0};
  mutable std::mutex mu_;
  int failed_ = 0;
  std::vector<std::string> failures_;
  std::set<std::string> kids_;
};

std::string kid_of(std::string_view jwt) {
  auto header = base::base64url_decode(jwt.substr(0, jwt.find('.')));
  if (!header) return {};
  auto h = nlohmann::json::parse(*header, nullptr, false);
  return h.is_object() && h.contains("kid") && h["kid"].is_string() ? h["kid"].get<std::string>() : "";
}

// Logs in to `client`, checks the ID token's key is published, reads userinfo and introspects,
// then refreshes the offline session three times in a row. With `shared`, another worker logs the
// same user into the same client, so a refresh may find its token replaced: then it must be
// refused as invalid, never fail.
void login_and_refresh(const DexccInstance& dex, Tally& tally, const std::string& client, bool shared = false) {
  const Basic app{client, "app-secret"};
  AuthParams p;
  p.client_id = client;
  p.scope = "openid email profile offline_access";
  TokenReply t = login_tokens(dex, p, app);
  tally.expect("code flow", t.status(), 200, t.http.body);
  if (t.status() != 200) return;
  std::string kid = kid_of(t.str("id_token"));
  HttpResult keys = fetch(dex, "GET", dex.path("/keys"));
  tally.expect("keys", keys.status, 200, keys.body);
  tally.expect("id token key published", keys.body.find("\"" + kid + "\"") != std::string::npos ? 1 : 0, 1, kid);
  tally.saw_kid(kid);
  HttpResult info = userinfo(dex, t.str("access_token"));
  tally.expect("userinfo", info.status, 200, info.body);
  TokenReply active = introspect(dex, t.str("access_token"));
  tally.expect("introspect", active.status(), 200, active.http.body);
  std::string rt = t.str("refresh_token");
  for (int i = 0; i < 3 && !rt.empty(); ++i) {
    TokenReply r = refresh(dex, rt, app);
    if (shared && r.status() == 400 && r.str("error_description") == kInvalidRefresh) return;
    tally.expect("refresh", r.status(), 200, r.http.body);
    rt = r.str("refresh_token");
  }
}

TokenReply poll(const DexccInstance& dex, const std::string& device_code) {
  return post_json(dex, "/token", {{"grant_type", kDeviceGrant}, {"device_code", device_code}});
}

// A device flow: the code is asked for, the user approves it in the browser, the device polls once.
void device_flow(const DexccInstance& dex, Tally& tally) {
  TokenReply codes = post_json(dex, "/device/code", {{"client_id", "tv"}, {"scope", "openid offline_access"}});
  tally.expect("device code", codes.status(), 200, codes.http.body);
  if (codes.status() != 200) return;
  HttpResult page = fetch(dex, "GET", codes.str("verification_uri_complete"));
  tally.expect("device page", page.status, 200, page.body);
  auto page_forms = forms(page.body);
  if (page_forms.size() != 1) return;
  HttpResult done = follow(dex, fetch(dex, "POST", page_forms[0].action, encode(page_forms[0].fields)));
  tally.expect("device approval", done.status, 200, done.body);
  TokenReply t = poll(dex, codes.str("device_code"));
  tally.expect("device token", t.status(), 200, t.http.body);
}

// A device that polls before its user has done anything.
void pending_poll(const DexccInstance& dex, Tally& tally) {
  TokenReply codes = post_json(dex, "/device/code", {{"client_id", "tv"}});
  tally.expect("device code", codes.status(), 200, codes.http.body);
  if (codes.status() != 200) return;
  TokenReply pending = poll(dex, codes.str("device_code"));
  tally.expect("pending poll", pending.status(), 400, pending.http.body);
}

void read_public_routes(const DexccInstance& dex, Tally& tally) {
  for (const char* route : {"/keys", "/.well-known/openid-configuration", "/healthz"}) {
    HttpResult r = fetch(dex, "GET", dex.path(route));
    tally.expect(route, r.status, 200, r.body);
  }
}

class E2EThreadedLoad : public StoreTest {};

TEST_P(E2EThreadedLoad, EveryFlowAtOnceWhileKeysRotate) {
  DexccInstance& dex = start_ok(config());
  ASSERT_TRUE(dex.started());
  Tally tally;
  const auto until = std::chrono::steady_clock::now() + load_duration();
  auto loop = [&](std::function<void()> work) {
    return std::thread([&until, work] {
      while (std::chrono::steady_clock::now() < until) work();
    });
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < kLoginWorkers; ++i) {
    workers.push_back(loop([&, i] { login_and_refresh(dex, tally, login_client(i)); }));
  }
  for (int i = 0; i < 2; ++i) {
    workers.push_back(loop([&] { login_and_refresh(dex, tally, login_client(kLoginWorkers), true); }));
  }
  workers.push_back(loop([&] { device_flow(dex, tally); }));
  workers.push_back(loop([&] { pending_poll(dex, tally); }));
  workers.push_back(loop([&] { read_public_routes(dex, tally); }));
  for (auto& w : workers) w.join();

  std::cout << "threaded load: " << tally.requests() << " checked answers, " << tally.kids()
            << " signing keys seen\n";
  EXPECT_EQ(tally.failed(), 0) << tally.failures();
  EXPECT_GT(tally.requests(), 0);
  // Keys rotated under the load (a 2 s period is checked every second).
  if (load_duration() >= 6s) {
    EXPECT_GT(tally.kids(), 1u);
  }

  dex.process().signal(SIGTERM);
  std::optional<int> code = dex.process().wait(60s);
  std::string out = dex.process().output();
  EXPECT_EQ(code, 0) << (out.size() > 30000 ? out.substr(out.size() - 30000) : out);
  for (const char* report : {"WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "runtime error:"}) {
    size_t at = out.find(report);
    EXPECT_EQ(at, std::string::npos) << out.substr(at == std::string::npos ? 0 : at, 30000);
  }
}

DEXCC_INSTANTIATE_STORES(E2EThreadedLoad);

}  // namespace
}  // namespace dexcc::testing
