// A directory that is down, hung or restarted: logins fail quickly with a clear error, never hang
// beyond the timeouts, and work again as soon as the directory is back.
#include "ldap_fixture.h"

#include <atomic>
#include <chrono>
#include <thread>

namespace dexcc::connector::ldap_test {
namespace {

class LdapResilience : public ::testing::Test {
 protected:
  void SetUp() override {
    ignore_sigpipe();
    if (!testing::SlapdServer::available()) GTEST_SKIP() << "slapd is not installed";
    ASSERT_TRUE(slapd_.start()) << slapd_.output();
  }
  json fast(json config) {
    config["connectTimeout"] = "500ms";
    config["requestTimeout"] = "500ms";
    return config;
  }
  static double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  }
  testing::SlapdServer slapd_;
};

TEST_F(LdapResilience, DownThenRestarted) {
  auto c = open(fast(base_config(slapd_)));
  ASSERT_TRUE(login(*c, "jane", "jane-pw").identity);
  slapd_.stop();
  auto t = std::chrono::steady_clock::now();
  Outcome down = login(*c, "jane", "jane-pw");
  EXPECT_LT(seconds_since(t), 5.0);
  EXPECT_NE(down.error.find("Can't contact LDAP server"), std::string::npos) << down.error;
  ASSERT_TRUE(slapd_.start()) << slapd_.output();
  Outcome back = login(*c, "jane", "jane-pw");  // the same connector: no stale connection kept
  EXPECT_TRUE(back.identity) << back.error;
}

TEST_F(LdapResilience, HungDirectoryTimesOut) {
  json plain = fast(base_config(slapd_));
  json tls = plain;
  tls.erase("insecureNoSSL");
  tls["host"] = slapd_.ldaps_host();
  tls["rootCA"] = slapd_.ca_file();
  json start_tls = plain;
  start_tls.erase("insecureNoSSL");
  start_tls["startTLS"] = true;
  start_tls["rootCA"] = slapd_.ca_file();
  auto c_plain = open(plain);
  auto c_tls = open(tls);
  auto c_start_tls = open(start_tls);
  slapd_.pause();
  for (auto* c : {c_plain.get(), c_tls.get(), c_start_tls.get()}) {
    auto t = std::chrono::steady_clock::now();
    Outcome o = login(*c, "jane", "jane-pw");
    double took = seconds_since(t);
    EXPECT_FALSE(o.error.empty());
    EXPECT_LT(took, 5.0) << o.error;  // 500 ms limits; generous for a loaded machine
  }
  slapd_.resume();
  EXPECT_TRUE(login(*c_plain, "jane", "jane-pw").identity);
  EXPECT_TRUE(login(*c_tls, "jane", "jane-pw").identity);
  EXPECT_TRUE(login(*c_start_tls, "jane", "jane-pw").identity);
}

TEST_F(LdapResilience, RestartDuringLogins) {
  // Logins run on another thread while the directory restarts: each one either succeeds or fails
  // cleanly; the ones after the restart succeed.
  auto c = open(fast(base_config(slapd_)));
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0}, wrong{0};
  std::thread logins([&] {
    while (!done) {
      Outcome o = login(*c, "jane", "jane-pw");
      (o.identity ? ok : o.wrong_credentials ? wrong : failed)++;
    }
  });
  // Waits (at most 20 s, for a loaded machine) until `count` passes `above`.
  auto wait_past = [](const std::atomic<int>& count, int above) {
    for (int i = 0; i < 400 && count.load() <= above; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return count.load() > above;
  };
  EXPECT_TRUE(wait_past(ok, 0));
  slapd_.stop();
  EXPECT_TRUE(wait_past(failed, 0));
  EXPECT_TRUE(slapd_.start()) << slapd_.output();  // not ASSERT: the login thread must be joined
  int before_restart = ok.load();
  EXPECT_TRUE(wait_past(ok, before_restart));  // logins work again on the same connector
  done = true;
  logins.join();
  EXPECT_EQ(wrong.load(), 0);  // never mistaken for a wrong password
  EXPECT_TRUE(login(*c, "jane", "jane-pw").identity);
}

}  // namespace
}  // namespace dexcc::connector::ldap_test
