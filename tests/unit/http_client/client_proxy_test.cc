// Client through a recording proxy: HTTP_PROXY forwarding, HTTPS_PROXY tunnelling with end-to-end
// TLS, NO_PROXY and loopback bypassing the proxy, proxy credentials, and errors that hide them.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "client_test_support.h"
#include "recording_proxy.h"
#include "support/http_client.h"
#include "support/test_pki.h"

namespace dexcc::http_client {
namespace {

using testing::FakeTls;
using testing::FakeUpstream;
using testing::ReceivedRequest;

class ClientProxyTest : public ::testing::Test {
 protected:
  ClientOptions options_with(ProxyEnv env) {
    ClientOptions options = test_options();
    options.proxy_env = std::move(env);
    options.root_ca_pem = ca_.cert_pem();
    return options;
  }

  testing::TestCa ca_{"dexcc test CA"};
  testing::CertificateAndKey cert_ = ca_.issue_server({"upstream.test", "localhost", "127.0.0.1"});
  FakeUpstream upstream_{
      [](const ReceivedRequest& request) { return text(200, "upstream " + request.target); },
      FakeTls{cert_.cert_pem, cert_.key_pem, ""}};
  RecordingProxy proxy_;
};

TEST_F(ClientProxyTest, HttpRequestsGoThroughHttpProxy) {
  // No scheme: "http://" is assumed, as Go does.
  Client client = make_client(options_with(ProxyEnv{.http_proxy = proxy_.address()}));
  auto response = get(client, "http://upstream.test:1234/path?x=1");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "via proxy http://upstream.test:1234/path?x=1");
  ASSERT_EQ(proxy_.received().size(), 1u);
  EXPECT_EQ(proxy_.received()[0].method, "GET");
}

TEST_F(ClientProxyTest, HttpsRequestsTunnelThroughHttpsProxyAndVerifyTheUpstream) {
  Client client = make_client(options_with(ProxyEnv{.https_proxy = "http://" + proxy_.address()}));
  std::string url = "https://upstream.test:" + std::to_string(upstream_.port()) + "/ok";
  auto response = get(client, url, {{"Authorization", "Bearer upstream-token"}});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "upstream /ok");
  EXPECT_EQ(upstream_.exchanges().at(0).request.header("Authorization"), "Bearer upstream-token");
  ASSERT_EQ(proxy_.received().size(), 1u);
  EXPECT_EQ(proxy_.received()[0].method, "CONNECT");
  EXPECT_FALSE(proxy_.received()[0].has_header("Authorization"));
  EXPECT_EQ(proxy_.received()[0].target, "upstream.test:" + std::to_string(upstream_.port()));
}

TEST_F(ClientProxyTest, TheTunnelDoesNotWeakenCertificateChecks) {
  ClientOptions options = options_with(ProxyEnv{.https_proxy = proxy_.address()});
  options.root_ca_pem = testing::TestCa("another CA").cert_pem();
  auto response =
      get(make_client(options), "https://upstream.test:" + std::to_string(upstream_.port()) + "/ok");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTls) << response.error().message;
}

TEST_F(ClientProxyTest, NoProxyExcludesTheHost) {
  ClientOptions options = options_with(ProxyEnv{.http_proxy = proxy_.address(),
                                                .https_proxy = proxy_.address(),
                                                .no_proxy = "example.org,upstream.test"});
  options.connect_timeout = std::chrono::seconds(3);
  auto response =
      get(make_client(options), "https://upstream.test:" + std::to_string(upstream_.port()) + "/ok");
  // Direct, so the reserved .test name does not resolve.
  ASSERT_FALSE(response);
  EXPECT_TRUE(response.error().kind == ErrorKind::kConnect || response.error().kind == ErrorKind::kTimeout)
      << response.error().message;
  EXPECT_TRUE(proxy_.received().empty());
}

TEST_F(ClientProxyTest, LoopbackNeverUsesTheProxy) {
  Client client =
      make_client(options_with(ProxyEnv{.http_proxy = proxy_.address(), .https_proxy = proxy_.address()}));
  for (std::string_view host : {"127.0.0.1", "localhost"}) {
    auto response = get(client, upstream_.url("/direct", host));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, "upstream /direct");
  }
  EXPECT_TRUE(proxy_.received().empty());
}

TEST_F(ClientProxyTest, ProxyCredentialsReachTheProxyButNoErrorMessage) {
  Client client = make_client(options_with(ProxyEnv{.http_proxy = "http://puser:ppass@" + proxy_.address()}));
  ASSERT_TRUE(get(client, "http://upstream.test/x"));
  EXPECT_EQ(proxy_.received().at(0).header("Proxy-Authorization"),
            "Basic " + base::base64_encode("puser:ppass"));

  std::string unreachable = "http://puser:ppass@127.0.0.1:" + std::to_string(testing::free_port());
  auto response =
      get(make_client(options_with(ProxyEnv{.http_proxy = unreachable})), "http://upstream.test/x?code=c");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kProxy) << response.error().message;
  EXPECT_EQ(response.error().message.find("ppass"), std::string::npos) << response.error().message;
  EXPECT_EQ(response.error().message.find("puser"), std::string::npos) << response.error().message;
  EXPECT_EQ(response.error().message.find("code=c"), std::string::npos) << response.error().message;
  EXPECT_TRUE(response.error().message.starts_with("GET http://upstream.test/x: proxy http://127.0.0.1:"))
      << response.error().message;
}

TEST_F(ClientProxyTest, CgiProcessesRefuseHttpProxy) {
  Client client = make_client(options_with(ProxyEnv{.http_proxy = proxy_.address(), .cgi = true}));
  auto response = get(client, "http://upstream.test/x");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kProxy);
  EXPECT_TRUE(proxy_.received().empty());
}

}  // namespace
}  // namespace dexcc::http_client
