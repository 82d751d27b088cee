// Client against a TLS server with a CA made at test time: which roots are trusted, insecureSkipVerify,
// host names, client certificates, and error messages that keep secrets out.
#include <gtest/gtest.h>

#include "client_test_support.h"
#include "support/test_pki.h"

namespace dexcc::http_client {
namespace {

using testing::FakeTls;
using testing::FakeUpstream;
using testing::TestCa;

class ClientTlsTest : public ::testing::Test {
 protected:
  FakeUpstream::Handler ok_ = [](const testing::ReceivedRequest& request) {
    return text(200, "ok " + request.target);
  };
  TestCa ca_{"dexcc test CA"};
  TestCa other_ca_{"another CA"};
  testing::CertificateAndKey server_cert_ = ca_.issue_server({"localhost", "127.0.0.1"});
  FakeUpstream server_{ok_, FakeTls{server_cert_.cert_pem, server_cert_.key_pem, ""}};
};

TEST_F(ClientTlsTest, TrustsTheGivenCa) {
  ClientOptions options = test_options();
  options.root_ca_pem = ca_.cert_pem();
  Client client = make_client(options);
  for (std::string_view host : {"127.0.0.1", "localhost"}) {
    auto response = get(client, server_.url("/keys", host));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "ok /keys");
    EXPECT_EQ(response->headers.get("content-type"), "text/plain");
  }
}

TEST_F(ClientTlsTest, GivenCaWithoutSystemRootsWorks) {
  ClientOptions options = test_options();
  options.root_ca_pem = other_ca_.cert_pem() + ca_.cert_pem();
  options.trust_system_roots = false;
  auto response = get(make_client(options), server_.url("/"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(ClientTlsTest, WrongCaIsATlsErrorNamingTheUrlWithoutSecrets) {
  ClientOptions options = test_options();
  options.root_ca_pem = other_ca_.cert_pem();
  std::string port = std::to_string(server_.port());
  auto response = get(make_client(options), "https://user:secret@127.0.0.1:" + port + "/p?token=abc#frag");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTls);
  const std::string& message = response.error().message;
  EXPECT_TRUE(message.starts_with("GET https://127.0.0.1:" + port + "/p: ")) << message;
  for (std::string_view secret : {"secret", "user", "token", "abc", "frag"}) {
    EXPECT_EQ(message.find(secret), std::string::npos) << secret << " in " << message;
  }
  EXPECT_EQ(server_.exchanges().size(), 0u);
}

TEST_F(ClientTlsTest, SystemRootsAloneRefuseTheTestCa) {
  auto response = get(make_client(test_options()), server_.url("/"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTls) << response.error().message;
}

TEST_F(ClientTlsTest, InsecureSkipVerifyAcceptsAnyCertificate) {
  ClientOptions options = test_options();
  options.insecure_skip_verify = true;
  auto response = get(make_client(options), server_.url("/"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(ClientTlsTest, CertificateForAnotherNameIsRefused) {
  auto cert = ca_.issue_server({"idp.example"});
  FakeUpstream elsewhere(ok_, FakeTls{cert.cert_pem, cert.key_pem, ""});
  ClientOptions options = test_options();
  options.root_ca_pem = ca_.cert_pem();
  auto response = get(make_client(options), elsewhere.url("/"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTls) << response.error().message;
}

// Go treats every certificate in the pool as an anchor; OpenSSL needs X509_V_FLAG_PARTIAL_CHAIN.
TEST_F(ClientTlsTest, AnIntermediateGivenAsRootIsAnAnchor) {
  TestCa intermediate = ca_.issue_intermediate("intermediate CA");
  auto cert = intermediate.issue_server({"127.0.0.1"});
  FakeUpstream chained(ok_, FakeTls{cert.cert_pem + intermediate.cert_pem(), cert.key_pem, ""});
  ClientOptions options = test_options();
  options.root_ca_pem = intermediate.cert_pem();
  options.trust_system_roots = false;
  auto response = get(make_client(options), chained.url("/"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(ClientTlsTest, ClientCertificateWhenTheServerRequiresOne) {
  auto client_cert = ca_.issue_client("dexcc-client");
  for (bool tls12_only : {true, false}) {
    SCOPED_TRACE(tls12_only ? "TLS 1.2" : "TLS 1.3");
    FakeUpstream mutual(ok_,
                        FakeTls{server_cert_.cert_pem, server_cert_.key_pem, ca_.cert_pem(), tls12_only});
    ClientOptions options = test_options();
    options.root_ca_pem = ca_.cert_pem();

    auto refused = get(make_client(options), mutual.url("/"));
    ASSERT_FALSE(refused);
    // In TLS 1.3 the server's refusal comes after the handshake, racing the request: libcurl may
    // see the alert (kTls) or only the reset connection (kProtocol).
    if (tls12_only) {
      EXPECT_EQ(refused.error().kind, ErrorKind::kTls) << refused.error().message;
    } else {
      EXPECT_TRUE(refused.error().kind == ErrorKind::kTls || refused.error().kind == ErrorKind::kProtocol)
          << refused.error().message;
    }
    EXPECT_TRUE(mutual.exchanges().empty());

    options.client_cert_pem = client_cert.cert_pem;
    options.client_key_pem = client_cert.key_pem;
    auto response = get(make_client(options), mutual.url("/"));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
    ASSERT_EQ(mutual.exchanges().size(), 1u);
    EXPECT_EQ(mutual.exchanges()[0].client_common_name, "dexcc-client");
  }
}

TEST_F(ClientTlsTest, CreateRefusesBadTlsMaterial) {
  auto client_cert = ca_.issue_client("dexcc-client");
  auto other_cert = ca_.issue_client("someone else");
  struct Case {
    std::string_view what;
    ClientOptions options;
  };
  std::vector<Case> cases;
  cases.push_back({"root without certificate", test_options()});
  cases.back().options.root_ca_pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  cases.push_back({"no roots at all", test_options()});
  cases.back().options.trust_system_roots = false;
  cases.push_back({"certificate without key", test_options()});
  cases.back().options.client_cert_pem = client_cert.cert_pem;
  cases.push_back({"key of another certificate", test_options()});
  cases.back().options.client_cert_pem = client_cert.cert_pem;
  cases.back().options.client_key_pem = other_cert.key_pem;
  cases.push_back({"zero timeout", test_options()});
  cases.back().options.total_timeout = std::chrono::milliseconds(0);
  for (const Case& c : cases) {
    auto client = Client::create(c.options);
    ASSERT_FALSE(client) << c.what;
    EXPECT_TRUE(client.error().message.starts_with("http client: ")) << client.error().message;
  }
}

}  // namespace
}  // namespace dexcc::http_client
