// etcd authentication on a private etcd with auth enabled: the gateway token is fetched with the
// configured user, refused credentials fail the open in one line without the password, and a
// token that etcd let expire (simple tokens die after --auth-token-ttl idle seconds) is renewed.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/conformance.h"
#include "storage/etcd/etcd.h"
#include "support/etcd_server.h"

namespace dexcc::storage::testing {
namespace {

using dexcc::testing::EtcdServer;

class EtcdAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!EtcdServer::available()) GTEST_SKIP() << "no etcd binary here";
    ASSERT_TRUE(etcd_.start()) << etcd_.output();
    // What `etcdctl user add root; etcdctl auth enable` does, through the gateway.
    ASSERT_EQ(etcd_.post("/v3/auth/role/add", R"({"name":"root"})"), 200);
    ASSERT_EQ(etcd_.post("/v3/auth/user/add", R"({"name":"root","password":"root-pw-123"})"), 200);
    ASSERT_EQ(etcd_.post("/v3/auth/user/grant", R"({"user":"root","role":"root"})"), 200);
    ASSERT_EQ(etcd_.post("/v3/auth/enable", "{}"), 200);
  }
  Result<std::unique_ptr<Storage>> open(const std::string& user, const std::string& password) {
    etcd::Options o;
    o.endpoints = {etcd_.endpoint()};
    o.username = user;
    o.password = password;
    return etcd::open(o);
  }
  EtcdServer etcd_{{"--auth-token-ttl=1"}};
};

TEST_F(EtcdAuth, RefusedCredentialsFailTheOpenInOneLine) {
  auto anonymous = open("", "");
  ASSERT_FALSE(anonymous.has_value());
  EXPECT_NE(anonymous.error().message.find("etcd at " + etcd_.endpoint()), std::string::npos)
      << anonymous.error().message;

  auto wrong = open("root", "not-the-password");
  ASSERT_FALSE(wrong.has_value());
  const std::string& m = wrong.error().message;
  EXPECT_NE(m.find("etcd at " + etcd_.endpoint() + ": "), std::string::npos) << m;
  EXPECT_NE(m.find("authentication failed"), std::string::npos) << m;
  EXPECT_EQ(m.find("not-the-password"), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
}

TEST_F(EtcdAuth, WorksWithATokenAndRenewsItWhenItExpires) {
  auto s = open("root", "root-pw-123");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Client c = sample_client();
  ASSERT_STORAGE_OK((*s)->create_client(c));

  // Idle past the token's TTL: etcd refuses the old token, the call renews it and goes through.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  auto got = (*s)->get_client(c.id);
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(got->name, c.name);
  ASSERT_STORAGE_OK((*s)->update_client(c.id, [](Client old) -> Result<Client> {
    old.name = "renamed";
    return old;
  }));
}

}  // namespace
}  // namespace dexcc::storage::testing
