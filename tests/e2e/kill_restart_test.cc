// End-to-end: dexcc killed with SIGKILL while clients log in, ask for device codes and refresh,
// then started again on the same storage (SQLite, PostgreSQL, MySQL, etcd, Kubernetes). Every
// refresh token and device code a client saw issued still works, and the ID tokens' signing keys
// are still published: no acknowledged write is lost, whichever backend.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";
constexpr int kUsers = 400;  // more than the logins that fit before the kill, so none repeats
const Basic kApp{"app", "app-secret"};

// kUsers password users (one bcrypt hash for all: "password"). Each is logged in at most once, so
// no login replaces another's refresh token (dex keeps one per user and client).
std::string config() {
  std::string users = "enablePasswordDB: true\nstaticPasswords:\n";
  for (int i = 0; i < kUsers; ++i) {
    users += "- email: user" + std::to_string(i) +
             "@example.com\n  hash: \"$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W\"\n"
             "  username: user" + std::to_string(i) + "\n  userID: id-" + std::to_string(i) + "\n";
  }
  return "staticClients:\n" + app_client_yaml() + "- id: tv\n  public: true\n  name: The TV\n" + users +
         "oauth2:\n  skipApprovalScreen: true\n  passwordConnector: local\n";
}

std::string kid_of(std::string_view jwt) {
  auto header = base::base64url_decode(jwt.substr(0, jwt.find('.')));
  auto h = header ? nlohmann::json::parse(*header, nullptr, false) : nlohmann::json();
  return h.is_object() && h.contains("kid") && h["kid"].is_string() ? h["kid"].get<std::string>() : "";
}

// The password grant for user `user` with offline access.
TokenReply password_login(const DexccInstance& dex, int user) {
  return token(dex,
               {{"grant_type", "password"},
                {"username", "user" + std::to_string(user) + "@example.com"},
                {"password", "password"},
                {"scope", "openid offline_access"}},
               kApp);
}

// What the clients were answered before the kill.
struct Acknowledged {
  std::mutex mu;
  std::vector<std::string> refresh_tokens;  // from logins, never used before the kill
  std::vector<std::string> device_codes;
  std::set<std::string> kids;
  int refreshes = 0;  // of the chain tokens, for load only: their last answer may be lost
};

class E2EKillRestart : public StoreTest {};

TEST_P(E2EKillRestart, AcknowledgedTokensAndCodesSurviveSigkill) {
  const std::string storage = storage_yaml(GetParam());
  auto dir = std::make_shared<TempDir>();
  auto instance = [&] {
    return std::make_unique<DexccInstance>(InstanceOptions{.config_body = storage + config(), .dir = dir});
  };
  Acknowledged ack;
  {
    auto dex = instance();
    ASSERT_TRUE(dex->started()) << dex->process().output();
    std::atomic<int> next_user{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int w = 0; w < 3; ++w) {
      clients.emplace_back([&] {
        while (!stop) {
          int user = next_user++;
          if (user >= kUsers) return;
          TokenReply t = password_login(*dex, user);
          if (t.status() != 200) continue;
          std::lock_guard lock(ack.mu);
          ack.refresh_tokens.push_back(t.str("refresh_token"));
          ack.kids.insert(kid_of(t.str("id_token")));
        }
      });
    }
    clients.emplace_back([&] {
      while (!stop) {
        TokenReply codes = post_json(*dex, "/device/code", {{"client_id", "tv"}});
        if (codes.status() != 200) continue;
        std::lock_guard lock(ack.mu);
        ack.device_codes.push_back(codes.str("device_code"));
      }
    });
    // A refresh chain as extra write load; its tokens are not checked (the last answer may be lost).
    clients.emplace_back([&] {
      int user = next_user++;
      TokenReply t = password_login(*dex, user);
      std::string rt = t.str("refresh_token");
      while (!stop && !rt.empty()) {
        TokenReply r = refresh(*dex, rt, kApp);
        if (r.status() != 200) break;
        rt = r.str("refresh_token");
        std::lock_guard lock(ack.mu);
        ++ack.refreshes;
      }
    });
    std::this_thread::sleep_for(2500ms);
    dex->process().signal(SIGKILL);
    EXPECT_EQ(dex->process().wait(5s), 128 + SIGKILL);
    stop = true;
    for (auto& c : clients) c.join();
  }
  ASSERT_GT(ack.refresh_tokens.size(), 3u);
  ASSERT_GT(ack.device_codes.size(), 3u);
  EXPECT_GT(ack.refreshes, 3);

  auto again = instance();
  ASSERT_TRUE(again->started()) << again->process().output();
  HttpResult keys = fetch(*again, "GET", again->path("/keys"));
  ASSERT_EQ(keys.status, 200);
  for (const auto& kid : ack.kids) EXPECT_NE(keys.body.find("\"" + kid + "\""), std::string::npos) << kid;
  for (const auto& rt : ack.refresh_tokens) {
    TokenReply r = refresh(*again, rt, kApp);
    EXPECT_EQ(r.status(), 200) << r.http.body;
  }
  for (const auto& code : ack.device_codes) {
    TokenReply pending = post_json(*again, "/token", {{"grant_type", kDeviceGrant}, {"device_code", code}});
    EXPECT_EQ(pending.error(), "authorization_pending") << pending.http.body;
  }
}

INSTANTIATE_TEST_SUITE_P(Storage, E2EKillRestart,
                         ::testing::Values(Store::kSqlite, Store::kPostgres, Store::kMysql, Store::kEtcd,
                                           Store::kKubernetes),
                         store_name);

}  // namespace
}  // namespace dexcc::testing
