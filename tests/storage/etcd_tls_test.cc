// etcd over TLS with client certificates (the `ssl` block: caFile, certFile, keyFile) on a private
// etcd that requires them: the backend trusts only the given CA and presents its certificate.
#include <gtest/gtest.h>

#include <fstream>

#include "storage/conformance.h"
#include "storage/etcd/etcd.h"
#include "support/etcd_server.h"
#include "support/test_pki.h"

namespace dexcc::storage::testing {
namespace {

using dexcc::testing::EtcdServer;
using dexcc::testing::TempDir;
using dexcc::testing::TestCa;

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

class EtcdTls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!EtcdServer::available()) GTEST_SKIP() << "no etcd binary here";
    // With --client-cert-auth, etcd's JSON gateway dials etcd's own gRPC port presenting the server
    // certificate, so that one needs clientAuth too.
    auto server = ca_.issue_server({"127.0.0.1", "localhost"}, /*also_client=*/true);
    auto client = ca_.issue_client("dexcc");
    ca_file_ = write(files_, "ca.pem", ca_.cert_pem());
    cert_file_ = write(files_, "client.pem", client.cert_pem);
    key_file_ = write(files_, "client-key.pem", client.key_pem);
    etcd_ = std::make_unique<EtcdServer>(
        std::vector<std::string>{"--cert-file=" + write(files_, "server.pem", server.cert_pem),
                                 "--key-file=" + write(files_, "server-key.pem", server.key_pem),
                                 "--trusted-ca-file=" + ca_file_, "--client-cert-auth"},
        /*https=*/true);
    ASSERT_TRUE(etcd_->start()) << etcd_->output();
  }
  etcd::Options options() const {
    etcd::Options o;
    o.endpoints = {"127.0.0.1:" + std::to_string(etcd_->client_port())};  // bare: TLS because of ssl
    o.ssl.ca_file = ca_file_;
    o.ssl.cert_file = cert_file_;
    o.ssl.key_file = key_file_;
    return o;
  }

  TestCa ca_{"etcd test CA"};
  TempDir files_;
  std::string ca_file_, cert_file_, key_file_;
  std::unique_ptr<EtcdServer> etcd_;
};

TEST_F(EtcdTls, ClientCertificateAndOwnCa) {
  auto s = etcd::open(options());
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Client c = sample_client();
  ASSERT_STORAGE_OK((*s)->create_client(c));
  auto got = (*s)->get_client(c.id);
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(*got, c);
}

TEST_F(EtcdTls, RefusedWithoutTheClientCertificateOrWithAnotherCa) {
  etcd::Options no_cert = options();
  no_cert.ssl.cert_file.clear();
  no_cert.ssl.key_file.clear();
  auto refused = etcd::open(no_cert);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("etcd at https://127.0.0.1:"), std::string::npos)
      << refused.error().message;

  TestCa other("another CA");
  etcd::Options wrong_ca = options();
  wrong_ca.ssl.ca_file = write(files_, "other-ca.pem", other.cert_pem());
  auto untrusted = etcd::open(wrong_ca);
  ASSERT_FALSE(untrusted.has_value());
  EXPECT_NE(untrusted.error().message.find("etcd at https://127.0.0.1:"), std::string::npos)
      << untrusted.error().message;
}

// A certificate for a DNS name only, reached by IP: ssl.serverName says which name to expect.
TEST(EtcdTlsServerName, ChecksTheGivenNameNotTheEndpointHost) {
  if (!EtcdServer::available()) GTEST_SKIP() << "no etcd binary here";
  TestCa ca("etcd test CA");
  TempDir files;
  auto server = ca.issue_server({"etcd.internal"}, /*also_client=*/true);
  const std::string ca_file = write(files, "ca.pem", ca.cert_pem());
  EtcdServer etcd({"--cert-file=" + write(files, "server.pem", server.cert_pem),
                   "--key-file=" + write(files, "server-key.pem", server.key_pem)},
                  /*https=*/true);
  ASSERT_TRUE(etcd.start()) << etcd.output();
  etcd::Options o;
  o.endpoints = {etcd.endpoint()};
  o.ssl.ca_file = ca_file;
  auto mismatch = etcd::open(o);  // 127.0.0.1 is not in the certificate
  ASSERT_FALSE(mismatch.has_value());

  o.ssl.server_name = "etcd.internal";
  auto named = etcd::open(o);
  ASSERT_TRUE(named.has_value()) << named.error().message;
  ASSERT_STORAGE_OK((*named)->create_client(sample_client()));
}

}  // namespace
}  // namespace dexcc::storage::testing
