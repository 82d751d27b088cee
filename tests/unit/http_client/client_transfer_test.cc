// Client over plain HTTP on loopback: what goes on the wire, response headers, gzip, limits,
// timeouts, connection errors, and keep-alive reuse across requests and threads.
#include <gtest/gtest.h>

#include <thread>

#include "client_test_support.h"
#include "support/http_client.h"

namespace dexcc::http_client {
namespace {

using namespace std::chrono_literals;
using testing::FakeResponse;
using testing::FakeUpstream;
using testing::ReceivedRequest;

// 256 KiB of zeros, gzip-compressed by Python's gzip module (level 9, mtime 0) into 289 bytes:
// a 25-byte head, 254 zero bytes of deflate data, and the 10-byte end of stream and trailer.
std::string gzipped_zeros() {
  static constexpr unsigned char kHead[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
                                            0xff, 0xed, 0xc1, 0x31, 0x01, 0x00, 0x00, 0x00, 0xc2,
                                            0xa0, 0xf5, 0x4f, 0xed, 0x6d, 0x07, 0xa0};
  static constexpr unsigned char kTail[] = {0xde, 0x00, 0x22, 0xea, 0x0e, 0xe2, 0x00, 0x00, 0x04, 0x00};
  return std::string(std::begin(kHead), std::end(kHead)) + std::string(254, '\0') +
         std::string(std::begin(kTail), std::end(kTail));
}

class ClientTransferTest : public ::testing::Test {
 protected:
  static FakeResponse answer(const ReceivedRequest& request) {
    const std::string path = request.target.substr(0, request.target.find('?'));
    if (path == "/slow") return FakeResponse{200, {}, "late", 3s};
    if (path == "/big") return FakeResponse{200, {}, std::string(300 * 1024, 'x')};
    if (path == "/big-unsized") return FakeResponse{200, {}, std::string(300 * 1024, 'x'), 0ms, true};
    if (path == "/gzip") {
      return FakeResponse{200, {{"Content-Encoding", "gzip"}}, gzipped_zeros()};
    }
    if (path == "/many-headers") {
      FakeResponse response{200, {}, "ok"};
      for (int i = 0; i < 100; ++i)
        response.headers.emplace_back("X-Filler-" + std::to_string(i), std::string(500, 'h'));
      return response;
    }
    if (path == "/cookies") {
      return FakeResponse{200, {{"Set-Cookie", "a=1"}, {"set-cookie", "b=2"}}, ""};
    }
    return text(200, request.method + " " + request.target + " " + request.body);
  }

  FakeUpstream server_{&ClientTransferTest::answer};
};

TEST_F(ClientTransferTest, SendsOnlyWhatGoWouldSend) {
  Client client = make_client(test_options());
  auto response = client.send(Request{"POST", server_.url("/echo"), {{"X-Custom", "v"}}, "payload"});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "POST /echo payload");
  EXPECT_EQ(response->method, "POST");
  EXPECT_EQ(response->url, server_.url("/echo"));
  const ReceivedRequest received = server_.exchanges().at(0).request;
  EXPECT_EQ(received.header("X-Custom"), "v");
  EXPECT_EQ(received.header("User-Agent"), "dexcc");
  EXPECT_EQ(received.header("Content-Length"), "7");
  // libcurl would add these on its own; Go's client does not.
  EXPECT_FALSE(received.has_header("Accept"));
  EXPECT_FALSE(received.has_header("Expect"));
  EXPECT_FALSE(received.has_header("Content-Type"));
}

TEST_F(ClientTransferTest, MethodsAndEmptyBodies) {
  Client client = make_client(test_options());
  for (std::string_view method : {"GET", "DELETE", "PUT", "PATCH", "POST"}) {
    auto response = client.send(Request{std::string(method), server_.url("/m"), {}, ""});
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, std::string(method) + " /m ");
  }
  auto head = client.send(Request{"HEAD", server_.url("/m"), {}, ""});
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ(head->body, "");
  auto exchanges = server_.exchanges();
  ASSERT_EQ(exchanges.size(), 6u);
  EXPECT_FALSE(exchanges[0].request.has_header("Content-Length"));  // GET
  EXPECT_EQ(exchanges[2].request.header("Content-Length"), "0");    // PUT, as Go sends it
  EXPECT_EQ(exchanges[5].request.method, "HEAD");
}

TEST_F(ClientTransferTest, RefusesRequestsThatWouldSplitTheHead) {
  Client client = make_client(test_options());
  auto bad_value = client.send(Request{"GET", server_.url("/x"), {{"X-Token", "a\r\nInjected: yes"}}, ""});
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.error().kind, ErrorKind::kInvalidRequest);
  EXPECT_EQ(bad_value.error().message.find("Injected"), std::string::npos);
  EXPECT_FALSE(client.send(Request{"GET", server_.url("/x"), {{"Bad Name", "v"}}, ""}));
  EXPECT_FALSE(client.send(Request{"GE T", server_.url("/x"), {}, ""}));
  auto not_http = client.send(Request{"GET", "ftp://127.0.0.1/x", {}, ""});
  ASSERT_FALSE(not_http);
  EXPECT_EQ(not_http.error().kind, ErrorKind::kInvalidRequest) << not_http.error().message;
  EXPECT_EQ(server_.exchanges().size(), 0u);
}

TEST_F(ClientTransferTest, ResponseHeadersAreMultiValuedAndCaseInsensitive) {
  auto response = get(make_client(test_options()), server_.url("/cookies"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->headers.get_all("SET-COOKIE"), (std::vector<std::string_view>{"a=1", "b=2"}));
  EXPECT_EQ(response->headers.get("content-length"), "0");
}

TEST_F(ClientTransferTest, DecodesGzipAndCountsTheLimitAfterDecoding) {
  ClientOptions options = test_options();
  auto response = get(make_client(options), server_.url("/gzip"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, std::string(256 * 1024, '\0'));
  // As Go's transport: the headers describe the decoded body.
  EXPECT_FALSE(response->headers.contains("Content-Encoding"));
  EXPECT_FALSE(response->headers.contains("Content-Length"));
  EXPECT_EQ(server_.exchanges().at(0).request.header("Accept-Encoding"), "gzip");

  options.max_response_bytes = 64 * 1024;  // the 289 bytes on the wire would fit
  auto bomb = get(make_client(options), server_.url("/gzip"));
  ASSERT_FALSE(bomb);
  EXPECT_EQ(bomb.error().kind, ErrorKind::kTooLarge) << bomb.error().message;
}

TEST_F(ClientTransferTest, OversizedBodiesAreTooLarge) {
  ClientOptions options = test_options();
  options.max_response_bytes = 256 * 1024;
  Client client = make_client(options);
  for (std::string_view path : {"/big", "/big-unsized"}) {
    auto response = get(client, server_.url(std::string(path) + "?token=abc"));
    ASSERT_FALSE(response) << path;
    EXPECT_EQ(response.error().kind, ErrorKind::kTooLarge) << response.error().message;
    EXPECT_NE(response.error().message.find("exceeds 262144 bytes"), std::string::npos)
        << response.error().message;
    EXPECT_EQ(response.error().message.find("token"), std::string::npos);
  }
  // The limit is inclusive of a body that fits.
  auto fits = get(client, server_.url("/small"));
  ASSERT_TRUE(fits) << fits.error().message;
}

TEST_F(ClientTransferTest, OversizedHeadersAreTooLarge) {
  ClientOptions options = test_options();
  options.max_header_bytes = 16 * 1024;
  auto response = get(make_client(options), server_.url("/many-headers"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTooLarge) << response.error().message;
  EXPECT_TRUE(get(make_client(test_options()), server_.url("/many-headers")));
}

TEST_F(ClientTransferTest, SlowServerTimesOutWithinTheBound) {
  ClientOptions options = test_options();
  options.total_timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto response = get(make_client(options), server_.url("/slow"));
  auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTimeout) << response.error().message;
  EXPECT_LT(elapsed, 2s);
}

TEST_F(ClientTransferTest, RefusedConnectionIsAConnectError) {
  std::string url = "http://127.0.0.1:" + std::to_string(testing::free_port()) + "/x?secret=1";
  auto response = get(make_client(test_options()), url);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kConnect) << response.error().message;
  EXPECT_TRUE(response.error().message.starts_with("GET " + redacted_url(url) + ": "))
      << response.error().message;
  EXPECT_EQ(response.error().message.find("secret"), std::string::npos);
}

TEST_F(ClientTransferTest, ReusesTheConnectionForConsecutiveRequests) {
  Client client = make_client(test_options());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(get(client, server_.url("/again")));
  EXPECT_EQ(server_.connections(), 1u);
}

TEST_F(ClientTransferTest, OneClientServesManyThreads) {
  Client client = make_client(test_options());
  constexpr int kThreads = 6;
  constexpr int kRequestsEach = 20;
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRequestsEach; ++i) {
        auto response = get(client, server_.url("/t" + std::to_string(t)));
        if (response && response->body == "GET /t" + std::to_string(t) + " ") ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), kThreads * kRequestsEach);
  // Connections are reused: at most one per thread that ran at the same time, never one per request.
  EXPECT_LE(server_.connections(), static_cast<size_t>(kThreads));
}

}  // namespace
}  // namespace dexcc::http_client
