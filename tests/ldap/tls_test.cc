// TLS to slapd: LDAPS and StartTLS with the test CA (from a file and as rootCAData), a wrong CA
// and the system CAs refused, insecureSkipVerify, and a client certificate the server demands.
#include "base/base64.h"
#include "ldap_fixture.h"
#include "support/test_pki.h"

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

namespace dexcc::connector::ldap_test {
namespace {

class LdapTls : public SharedSlapd {
 protected:
  json ldaps() {
    json config = base_config(slapd());
    config.erase("insecureNoSSL");
    config["host"] = slapd().ldaps_host();
    return config;
  }
  json start_tls() {
    json config = base_config(slapd());
    config.erase("insecureNoSSL");
    config["startTLS"] = true;
    return config;
  }
  // A CA file that slapd's certificate does not chain to.
  std::string other_ca_file() {
    testing::TestCa other("another CA");
    std::string path = slapd().dir() + "/other-ca.pem";
    std::ofstream(path) << other.cert_pem();
    return path;
  }
};

TEST_F(LdapTls, LdapsWithRootCaFileAndData) {
  json config = ldaps();
  config["rootCA"] = slapd().ca_file();
  Outcome o = login(*open(config), "jane", "jane-pw");
  EXPECT_TRUE(o.identity) << o.error;
  config.erase("rootCA");
  config["rootCAData"] = base::base64_encode(slapd().ca().cert_pem());
  o = login(*open(config), "jane", "jane-pw");
  EXPECT_TRUE(o.identity) << o.error;
  // The name checked is the host's. (libldap checks "localhost" as the machine's own name, so the
  // certificate's "localhost" is not enough: see docs/compatibility.md.)
  config["host"] = "localhost:" + std::to_string(slapd().ldaps_port());
  o = login(*open(config), "jane", "jane-pw");
  EXPECT_FALSE(o.error.empty());
}

TEST_F(LdapTls, WrongCaAndSystemCasAreRefused) {
  json config = ldaps();
  config["rootCA"] = other_ca_file();
  Outcome o = login(*open(config), "jane", "jane-pw");
  EXPECT_FALSE(o.identity);
  EXPECT_FALSE(o.error.empty());
  config.erase("rootCA");  // the system's CAs do not know the test CA
  o = login(*open(config), "jane", "jane-pw");
  EXPECT_FALSE(o.error.empty());
  config["insecureSkipVerify"] = true;
  o = login(*open(config), "jane", "jane-pw");
  EXPECT_TRUE(o.identity) << o.error;
}

TEST_F(LdapTls, StartTls) {
  json config = start_tls();
  config["rootCA"] = slapd().ca_file();
  Outcome o = login(*open(config), "jane", "jane-pw", {.groups = true});
  ASSERT_TRUE(o.identity) << o.error;
  EXPECT_EQ(o.identity->groups.size(), 2u);
  config["rootCA"] = other_ca_file();
  o = login(*open(config), "jane", "jane-pw");
  EXPECT_NE(o.error.find("start TLS failed"), std::string::npos) << o.error;
}

TEST_F(LdapTls, ConfigRefusesBadCaAndKeyPairs) {
  json config = ldaps();
  config["rootCA"] = slapd().dir() + "/missing.pem";
  auto c = try_open(config);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("ldap: read ca file"), std::string::npos) << c.error().message;
  config.erase("rootCA");
  config["rootCAData"] = base::base64_encode("not a certificate");
  c = try_open(config);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("ldap: no certs found in ca file"), std::string::npos)
      << c.error().message;
  config.erase("rootCAData");
  config["clientCert"] = slapd().client_cert_file();
  config["clientKey"] = slapd().dir() + "/server.key";  // another key
  c = try_open(config);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("ldap: load client cert failed"), std::string::npos) << c.error().message;
}

TEST(LdapClientCertificate, ServerDemandsOne) {
  ignore_sigpipe();
  if (!testing::SlapdServer::available()) GTEST_SKIP() << "slapd is not installed";
  testing::SlapdServer slapd(testing::SlapdServer::kDirectoryLdif, /*require_client_certificate=*/true);
  ASSERT_TRUE(slapd.start()) << slapd.output();
  json config = base_config(slapd);
  config.erase("insecureNoSSL");
  config["host"] = slapd.ldaps_host();
  config["rootCA"] = slapd.ca_file();
  Outcome without = login(*open(config), "jane", "jane-pw");
  EXPECT_FALSE(without.identity);
  EXPECT_FALSE(without.error.empty());
  config["clientCert"] = slapd.client_cert_file();
  config["clientKey"] = slapd.client_key_file();
  Outcome with = login(*open(config), "jane", "jane-pw");
  EXPECT_TRUE(with.identity) << with.error;
  config.erase("host");
  config["host"] = slapd.ldap_host();
  config["startTLS"] = true;
  with = login(*open(config), "jane", "jane-pw");
  EXPECT_TRUE(with.identity) << with.error;
}

// TLS settings live on each connection: connectors with different CAs, used in turn and from
// several threads at once, never borrow each other's.
TEST_F(LdapTls, ConnectorsKeepTheirOwnTlsSettingsAcrossThreads) {
  json good = ldaps();
  good["rootCA"] = slapd().ca_file();
  json bad = ldaps();
  bad["rootCA"] = other_ca_file();
  auto trusted = open(good);
  auto untrusted = open(bad);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (!login(*trusted, "jane", "jane-pw").identity) ++wrong;
        if (login(*untrusted, "jane", "jane-pw").error.empty()) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace dexcc::connector::ldap_test
