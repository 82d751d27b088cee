// Tests for the Beast server over real loopback sockets: keep-alive, limits, timeouts, overload,
// malformed input and graceful shutdown.
#include "net/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "support/http_client.h"

namespace dexcc::net {
namespace {

using http::Request;
using http::Response;
using http::Route;
using http::Router;

using dexcc::testing::http_request;
using dexcc::testing::RawConnection;
using namespace std::chrono_literals;

class ServerTest : public ::testing::Test {
 protected:
  // `second_port`, when given, receives the port of a second listener with the same routes.
  void start(ServerLimits limits = {}, uint16_t* second_port = nullptr) {
    router_.handle("/hello", [](const Request& r) { return Response::text(200, "hello " + std::string(r.method)); });
    router_.handle("/echo", [](const Request& r) { return Response::text(200, r.body); });
    router_.handle("/slow", [this](const Request&) {
      ++slow_started_;
      std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms_.load()));
      return Response::text(200, "done");
    });
    router_.handle("/throw", [](const Request&) -> Response { throw std::runtime_error("boom"); });
    router_.handle("/inline", [](const Request&) { return Response::text(200, "inline"); }, {.runs_inline = true});
    // Shows what reached the handler: method, path, query, every field as sent, and the body.
    router_.handle("/show", [](const Request& r) {
      std::string out = r.method + " " + r.path + " ?" + r.query + "\n";
      for (const auto& [name, value] : r.headers.fields()) out += name + ": " + value + "\n";
      return Response::text(200, out + "body=" + r.body);
    });
    server_ = std::make_unique<Server>(limits);
    port_ = server_->listen("test", "127.0.0.1:0", router_);
    if (second_port) *second_port = server_->listen("second", "127.0.0.1:0", router_);
    server_->set_observer([this](const Request&, const Response&, const Route*, std::chrono::nanoseconds, size_t) {
      ++observed_;
    });
    server_->start();
  }
  void TearDown() override {
    if (server_) server_->shutdown(2s);
  }

  using Connections = std::vector<std::unique_ptr<RawConnection>>;
  // `n` connections that send nothing.
  Connections open_silent(size_t n) {
    Connections out;
    for (size_t i = 0; i < n; ++i) {
      out.push_back(std::make_unique<RawConnection>("127.0.0.1", port_));
      EXPECT_TRUE(out.back()->connected()) << i;
    }
    return out;
  }
  // `n` keep-alive connections, each answered once and then idle; the first is idle the longest.
  Connections open_answered(size_t n) {
    Connections out;
    for (size_t i = 0; i < n; ++i) {
      out.push_back(std::make_unique<RawConnection>("127.0.0.1", port_));
      expect_hello(*out.back());
      std::this_thread::sleep_for(20ms);  // idle on the server's side, from a moment of its own
    }
    return out;
  }
  static void expect_hello(RawConnection& c) {
    ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }

  Router router_{""};
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::atomic<int> slow_started_{0};
  std::atomic<int> slow_ms_{300};
  std::atomic<int> observed_{0};
};

TEST_F(ServerTest, ServesAndKeepsAlive) {
  start();
  RawConnection c("127.0.0.1", port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "hello GET");
    EXPECT_FALSE(r->header("date").empty());
  }
  EXPECT_FALSE(c.closed_by_peer(200ms));
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
  EXPECT_EQ(c.read_response()->body, "hello GET");
  EXPECT_EQ(c.read_response()->body, "abc");
}

TEST_F(ServerTest, UnknownPathIsPlain404) {
  start();
  auto r = http_request(port_, "GET", "/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "404 page not found\n");
}

TEST_F(ServerTest, HeadHasLengthButNoBody) {
  start();
  auto r = http_request(port_, "HEAD", "/hello");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "10");
}

TEST_F(ServerTest, OversizedHeaderIs431AndServerKeepsServing) {
  ServerLimits limits;
  limits.max_header_bytes = 4096;
  start(limits);
  std::string big(8000, 'a');
  auto r = http_request(port_, "GET", "/hello", {}, "X-Big: " + big + "\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(http_request(port_, "GET", "/hello")->status, 200);
}

TEST_F(ServerTest, OversizedBodyIs413) {
  ServerLimits limits;
  limits.max_body_bytes = 1000;
  start(limits);
  auto r = http_request(port_, "POST", "/echo", std::string(5000, 'b'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST_F(ServerTest, MalformedRequestsAre400AndClosed) {
  start();
  for (std::string bad : {"GARBAGE\r\n\r\n", "GET /hello HTTP/9.9\r\n\r\n", "GET /hello HTTP/1.1\r\nBad Header\r\n\r\n",
                          "POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                          "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    RawConnection c("127.0.0.1", port_);
    ASSERT_TRUE(c.send(bad));
    auto r = c.read_response();
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_TRUE(c.closed_by_peer(2s)) << bad;
  }
  EXPECT_EQ(http_request(port_, "GET", "/hello")->status, 200);
}

TEST_F(ServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  ServerLimits limits;
  limits.read_header_timeout = 300ms;
  start(limits);
  RawConnection slow("127.0.0.1", port_);
  ASSERT_TRUE(slow.send("GET /hello HTTP/1.1\r\nHo"));
  EXPECT_EQ(http_request(port_, "GET", "/hello")->status, 200);
  EXPECT_TRUE(slow.closed_by_peer(3s));
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  ServerLimits limits;
  limits.idle_timeout = 300ms;
  start(limits);
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(c.read_response());
  EXPECT_TRUE(c.closed_by_peer(3s));
}

// The phase deadlines are swept, not armed per read: a handler that runs longer than every read
// timeout must still get its answer out, and the connection must stay usable afterwards.
TEST_F(ServerTest, HandlerMayRunLongerThanTheReadTimeouts) {
  ServerLimits limits;
  limits.read_header_timeout = 100ms;
  limits.read_body_timeout = 100ms;
  limits.idle_timeout = 100ms;
  start(limits);
  slow_ms_ = 600;
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "done");
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello GET");
  EXPECT_TRUE(c.closed_by_peer(3s));  // and then the idle deadline applies again
}

// Bodies that arrive with their header are parsed from the buffer at once; the rest is read.
TEST_F(ServerTest, BodiesArriveWholeSplitOrPipelined) {
  start();
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"));
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(c.send("defghij"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "abcdefghij");
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                     "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
                     "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  for (const char* expected : {"one", "two", "hello GET"}) {
    r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, expected);
  }
  // A header split across reads still parses.
  ASSERT_TRUE(c.send("GET /hel"));
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(c.send("lo HTTP/1.1\r\nHost: x\r\n\r\n"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello GET");
}

// The parser fills the connection's Request directly; nothing of one request may stay for the next.
TEST_F(ServerTest, EachRequestReachesTheHandlerWholeAndAlone) {
  start();
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(c.send("POST /show?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nX-Multi: one\r\nx-multi: two\r\n"
                     "Content-Length: 4\r\n\r\nbody"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "POST /show ?a=1&b=%20\nHost: x\nX-Multi: one\nx-multi: two\nContent-Length: 4\nbody=body");
  ASSERT_TRUE(c.send("GET /show HTTP/1.1\r\nHost: y\r\n\r\n"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "GET /show ?\nHost: y\nbody=");
  // A chunked body is joined; an absolute-form target is reduced to its path.
  ASSERT_TRUE(c.send("PUT http://x/show?q HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "PUT /show ?q\nHost: x\nTransfer-Encoding: chunked\nbody=abcde");
  EXPECT_FALSE(c.closed_by_peer(100ms));
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimAnswerBeforeTheBody) {
  start();
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  auto interim = c.read_response(2s);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("hello"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
}

TEST_F(ServerTest, ConnectionPersistenceFollowsTheVersionAndConnectionField) {
  start();
  struct Case {
    const char* request;
    const char* connection_field;  // what the answer says
    bool closes;
  };
  for (const Case& c : {Case{"GET /hello HTTP/1.0\r\n\r\n", "", true},
                        Case{"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "keep-alive", false},
                        Case{"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "close", true}}) {
    RawConnection conn("127.0.0.1", port_);
    ASSERT_TRUE(conn.send(c.request));
    auto r = conn.read_response();
    ASSERT_TRUE(r) << c.request;
    EXPECT_EQ(r->body, "hello GET");
    EXPECT_EQ(r->header("connection"), c.connection_field) << c.request;
    if (c.closes) {
      EXPECT_TRUE(conn.closed_by_peer(2s)) << c.request;
    } else {
      EXPECT_FALSE(conn.closed_by_peer(200ms)) << c.request;
    }
  }
}

TEST_F(ServerTest, SlowBodyIsCutOff) {
  ServerLimits limits;
  limits.read_body_timeout = 200ms;
  start(limits);
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_TRUE(c.closed_by_peer(3s));
}

TEST_F(ServerTest, HandlerExceptionBecomes500) {
  start();
  auto r = http_request(port_, "GET", "/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(http_request(port_, "GET", "/hello")->status, 200);
}

TEST_F(ServerTest, FullPoolAnswers503) {
  ServerLimits limits;
  limits.workers = 1;
  limits.queue_limit = 1;
  start(limits);
  slow_ms_ = 1500;
  std::vector<std::future<std::optional<dexcc::testing::HttpResult>>> calls;
  for (int i = 0; i < 5; ++i) {
    calls.push_back(std::async(std::launch::async, [this] { return http_request(port_, "GET", "/slow"); }));
    std::this_thread::sleep_for(50ms);
  }
  int ok = 0, unavailable = 0;
  for (auto& f : calls) {
    auto r = f.get();
    ASSERT_TRUE(r);
    if (r->status == 200) ++ok;
    if (r->status == 503) ++unavailable;
  }
  EXPECT_EQ(ok, 2);  // one running, one queued
  EXPECT_EQ(unavailable, 3);
  // Inline routes still answer while the pool is busy.
  EXPECT_EQ(http_request(port_, "GET", "/inline")->body, "inline");
}

// A request that waited in the queue past max_queue_wait is answered 503 when a worker takes it,
// not run: the worker is busy with /slow for longer than the bound.
TEST_F(ServerTest, RequestQueuedPastTheBoundIs503) {
  ServerLimits limits;
  limits.workers = 1;
  limits.max_queue_wait = 200ms;
  start(limits);
  slow_ms_ = 800;
  auto running = std::async(std::launch::async, [this] { return http_request(port_, "GET", "/slow"); });
  while (slow_started_ == 0) std::this_thread::sleep_for(5ms);
  auto queued = http_request(port_, "GET", "/slow");
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, 503);
  EXPECT_EQ(queued->header("retry-after"), "1");
  EXPECT_EQ(running.get()->status, 200);
  EXPECT_EQ(slow_started_, 1);  // the stale request never reached its handler
  EXPECT_EQ(http_request(port_, "GET", "/slow")->status, 200);  // a fresh one, on an idle pool, runs
}

TEST_F(ServerTest, ShutdownLetsInFlightRequestsFinish) {
  start();
  slow_ms_ = 500;
  auto call = std::async(std::launch::async, [this] { return http_request(port_, "GET", "/slow"); });
  while (slow_started_ == 0) std::this_thread::sleep_for(5ms);
  RawConnection idle("127.0.0.1", port_);
  ASSERT_TRUE(idle.connected());
  server_->shutdown(5s);
  auto r = call.get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "done");
  EXPECT_TRUE(idle.closed_by_peer(1s));
  EXPECT_FALSE(RawConnection("127.0.0.1", port_).connected());
}

TEST_F(ServerTest, ObserverSeesRoutedRequests) {
  start();
  http_request(port_, "GET", "/hello");
  http_request(port_, "GET", "/nope");
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(observed_, 2);
}

// RFC 9112 §6.3, as Go's net/http: a Transfer-Encoding other than exactly "chunked" is answered 501
// and the connection closed; the body, here a request of its own, is never served.
TEST_F(ServerTest, UnsupportedTransferEncodingIs501AndItsBodyIsNeverARequest) {
  start();
  for (std::string te : {"chunked, gzip", "gzip", "identity", "gzip, chunked", ""}) {
    RawConnection c("127.0.0.1", port_);
    ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te +
                       "\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r) << te;
    EXPECT_EQ(r->status, 501) << te;
    EXPECT_EQ(r->header("connection"), "close") << te;
    EXPECT_FALSE(c.read_response(500ms)) << "the smuggled request was answered after " << te;
    EXPECT_TRUE(c.closed_by_peer(3s)) << te;
  }
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(observed_, 0);  // no request was routed
}

TEST_F(ServerTest, ChunkedIsTakenInAnyCase) {
  start();
  RawConnection c("127.0.0.1", port_);
  ASSERT_TRUE(
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "abc");
}

// Framing that says two things (two Transfer-Encoding fields, one with a Content-Length, one in
// HTTP/1.0) is a 400 and the connection is closed before the rest is read as a request.
TEST_F(ServerTest, ConflictingFramingIs400AndClosed) {
  start();
  for (std::string head :
       {"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n"}) {
    RawConnection c("127.0.0.1", port_);
    ASSERT_TRUE(c.send(head + "\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r) << head;
    EXPECT_EQ(r->status, 400) << head;
    EXPECT_FALSE(c.read_response(500ms)) << head;
    EXPECT_TRUE(c.closed_by_peer(3s)) << head;
  }
}

// Until its first header is complete a connection is not idle: the header timeout, not the idle
// timeout, runs from the accept.
TEST_F(ServerTest, SilentConnectionIsClosedAfterTheHeaderTimeout) {
  ServerLimits limits;
  limits.read_header_timeout = 300ms;
  limits.idle_timeout = 60s;
  start(limits);
  auto opened = std::chrono::steady_clock::now();
  RawConnection silent("127.0.0.1", port_);
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.closed_by_peer(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - opened, 1s);
}

// The header timeout counts from the accept, not from the first byte: a trickle does not extend it.
TEST_F(ServerTest, FirstHeaderTimeoutIsNotRestartedByItsFirstBytes) {
  ServerLimits limits;
  limits.read_header_timeout = 1s;
  start(limits);
  auto opened = std::chrono::steady_clock::now();
  RawConnection slow("127.0.0.1", port_);
  std::this_thread::sleep_for(900ms);
  ASSERT_TRUE(slow.send("GET /hello HTTP/1.1\r\n"));
  EXPECT_TRUE(slow.closed_by_peer(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - opened, 1700ms);  // restarted, it would be 1.9 s
}

// The scenario: every connection slot is held by a connection that sends nothing. The
// client that comes next waits in the listen backlog and is served as soon as the header timeout
// frees the slots.
TEST_F(ServerTest, SilentConnectionsAtTheCapDelayAClientOnlyUntilTheHeaderTimeout) {
  ServerLimits limits;
  limits.max_connections = 20;
  limits.read_header_timeout = 1s;
  limits.idle_timeout = 60s;
  start(limits);
  Connections silent = open_silent(limits.max_connections);
  std::this_thread::sleep_for(100ms);  // all accepted
  auto asked = std::chrono::steady_clock::now();
  auto r = http_request(port_, "GET", "/hello");
  auto waited = std::chrono::steady_clock::now() - asked;
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_GT(waited, 200ms);  // it did wait for room
  EXPECT_LT(waited, 2 * limits.read_header_timeout);
  for (auto& c : silent) EXPECT_TRUE(c->closed_by_peer(1s));
}

// At the cap, the keep-alive connection idle the longest is closed to admit a new client at once.
TEST_F(ServerTest, AtTheCapTheLongestIdleConnectionMakesRoom) {
  ServerLimits limits;
  limits.max_connections = 4;
  start(limits);
  Connections kept = open_answered(limits.max_connections);
  auto asked = std::chrono::steady_clock::now();
  auto r = http_request(port_, "GET", "/hello");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 1s);
  EXPECT_TRUE(kept[0]->closed_by_peer(1s));
  for (size_t i = 1; i < kept.size(); ++i) expect_hello(*kept[i]);
}

// Clients on several threads keep every connection they open: at the cap, evictions run on both
// I/O threads all the time, and no request on a new connection is lost to them.
TEST_F(ServerTest, ConstantEvictionLosesNoRequest) {
  ServerLimits limits;
  limits.max_connections = 8;
  start(limits);
  std::atomic<int> served{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([this, &served] {
      Connections kept;
      for (int i = 0; i < 40; ++i) {
        kept.push_back(std::make_unique<RawConnection>("127.0.0.1", port_));
        if (!kept.back()->send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")) continue;
        auto r = kept.back()->read_response(5s);
        if (r && r->status == 200) ++served;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(served, 160);
}

// One address cannot hold more connections in progress than its limit; other addresses, and the
// same address once it is under the limit again, are served.
TEST_F(ServerTest, ConnectionsInProgressAreLimitedPerClientAddress) {
  ServerLimits limits;
  limits.max_active_connections_per_address = 3;
  start(limits);
  Connections silent = open_silent(3);
  std::this_thread::sleep_for(50ms);
  RawConnection refused("127.0.0.1", port_);
  ASSERT_TRUE(refused.connected());  // the kernel completes the handshake; the server then closes it
  refused.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_FALSE(refused.read_response(1s));
  EXPECT_TRUE(refused.closed_by_peer(1s));

  RawConnection other("127.0.0.1", port_, "127.0.0.2");
  expect_hello(other);

  silent.pop_back();
  std::optional<dexcc::testing::HttpResult> again;
  for (int i = 0; i < 50 && !again; ++i) {  // until the server has seen the close
    std::this_thread::sleep_for(20ms);
    again = http_request(port_, "GET", "/hello");
  }
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

// Idle keep-alive connections (a proxy's pool) do not count against their address.
TEST_F(ServerTest, IdleConnectionsDoNotCountAgainstTheirAddress) {
  ServerLimits limits;
  limits.max_active_connections_per_address = 2;
  start(limits);
  Connections pool = open_answered(5);  // two at most in progress at any time
  for (auto& c : pool) expect_hello(*c);
}

// Each listener admits connections on its own budget: silent connections that fill one listener's
// cap (the public port, flooded) neither delay the other's clients (kubelet's health probes on the
// telemetry port) nor evict its idle keep-alive connections (Prometheus's).
TEST_F(ServerTest, AFullListenerLeavesAnotherAnswering) {
  ServerLimits limits;
  limits.max_connections = 8;
  limits.read_header_timeout = 60s;  // the flood keeps its slots for the whole test
  uint16_t other_port = 0;
  start(limits, &other_port);
  RawConnection scraper("127.0.0.1", other_port);
  expect_hello(scraper);  // then idle, the longest of all

  Connections flood = open_silent(limits.max_connections);
  std::this_thread::sleep_for(100ms);  // all accepted
  RawConnection waiting("127.0.0.1", port_);
  ASSERT_TRUE(waiting.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_FALSE(waiting.read_response(300ms));  // the flooded listener is full: it waits for room

  for (size_t i = 0; i < limits.max_connections + 1; ++i) {
    auto r = http_request(other_port, "GET", "/hello");
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
  }
  expect_hello(scraper);
}

TEST(SplitHostPort, GoRules) {
  std::string host;
  uint16_t port;
  EXPECT_TRUE(split_host_port("0.0.0.0:5556", host, port));
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_EQ(port, 5556);
  EXPECT_TRUE(split_host_port(":80", host, port));
  EXPECT_EQ(host, "");
  EXPECT_TRUE(split_host_port("[::1]:8080", host, port));
  EXPECT_EQ(host, "::1");
  EXPECT_FALSE(split_host_port("::1:8080", host, port));
  EXPECT_FALSE(split_host_port("localhost", host, port));
  EXPECT_FALSE(split_host_port("h:99999", host, port));
}

}  // namespace
}  // namespace dexcc::net
