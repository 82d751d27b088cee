// End-to-end: the dexcc binary starts on a config, serves health endpoints and metrics, refuses
// malformed, oversized and slow requests while serving others, and shuts down gracefully.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "support/dexcc_instance.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kMemory[] = "storage:\n  type: memory\nenablePasswordDB: true\n";

TEST(E2EServer, HealthEndpointsAndMetrics) {
  DexccInstance dex(kMemory);
  ASSERT_TRUE(dex.started()) << dex.process().output();

  auto live = http_request(dex.telemetry_port(), "GET", "/healthz/live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
  EXPECT_EQ(live->body, "ok");

  auto ready = http_request(dex.telemetry_port(), "GET", "/healthz/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(ready->header("content-type"), "application/json");
  auto report = nlohmann::json::parse(ready->body);
  EXPECT_EQ(report["storage"]["contiguousFailures"], 0);
  EXPECT_TRUE(report["storage"]["timeOfFirstFailure"].is_null());
  EXPECT_NE(ready->body.find("\n\t\"storage\""), std::string::npos);  // tab-indented like go-sundheit

  auto short_form = http_request(dex.telemetry_port(), "GET", "/healthz?type=short");
  EXPECT_EQ(short_form->body, "{\n\t\"storage\": \"PASS\"\n}\n");

  auto main_health = dex.get("/healthz");
  EXPECT_EQ(main_health->status, 200);
  EXPECT_TRUE(main_health->body.starts_with("Health check passed")) << main_health->body;

  auto root = dex.get("");
  EXPECT_EQ(root->status, 200);
  EXPECT_NE(root->body.find("Dex IdP"), std::string::npos);
  EXPECT_EQ(dex.get("/")->status, 404);  // "/dex/" is not "/dex", as in dex
  EXPECT_EQ(dex.get("/robots.txt")->body, "User-agent: *\nDisallow: /\n");

  // Made-up methods share one "unknown" series, as promhttp labels them in dex.
  for (const char* method : {"FROB1", "FROB2"}) ASSERT_TRUE(http_request(dex.port(), method, "/dex"));

  // A request is counted once its response is written, so the last one may still be on its way
  // into the series when the client already has its answer: wait for it, within a bound.
  auto metrics = http_request(dex.telemetry_port(), "GET", "/metrics");
  for (auto deadline = std::chrono::steady_clock::now() + 5s;
       metrics && metrics->body.find("method=\"unknown\",handler=\"/\"} 2\n") == std::string::npos &&
       std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(10ms);
    metrics = http_request(dex.telemetry_port(), "GET", "/metrics");
  }
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("method=\"unknown\",handler=\"/\"} 2\n"), std::string::npos) << metrics->body;
  EXPECT_EQ(metrics->body.find("frob"), std::string::npos);
  EXPECT_NE(metrics->body.find("http_requests_total{code=\"200\",method=\"get\",handler=\"/\"} 1"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("dex_build_info{version=\"v2.45.1-dexcc."), std::string::npos);
  EXPECT_NE(metrics->body.find("process_resident_memory_bytes"), std::string::npos);

  dex.process().signal(SIGTERM);
  EXPECT_EQ(dex.process().wait(10s), 0);
}

TEST(E2EServer, BadInputIsRefusedAndOthersAreServed) {
  DexccInstance dex(kMemory);
  ASSERT_TRUE(dex.started()) << dex.process().output();

  RawConnection malformed("127.0.0.1", dex.port());
  ASSERT_TRUE(malformed.send("NOT-HTTP\r\n\r\n"));
  auto bad = malformed.read_response();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(malformed.closed_by_peer(2s));

  auto huge = dex.get("/healthz", "X-Huge: " + std::string(100 * 1024, 'x') + "\r\n");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 431);

  auto body = http_request(dex.port(), "POST", dex.path("/token"), std::string(2 * 1024 * 1024, 'a'),
                           "Content-Type: application/x-www-form-urlencoded\r\n");
  ASSERT_TRUE(body);
  EXPECT_EQ(body->status, 413);

  // A slow client stalls mid-header; others are served meanwhile, and it is cut off.
  RawConnection slow("127.0.0.1", dex.port());
  ASSERT_TRUE(slow.send("GET /dex/healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(dex.get("/healthz")->status, 200);
  EXPECT_TRUE(slow.closed_by_peer(15s));

  EXPECT_EQ(dex.get("/healthz")->status, 200);
  EXPECT_TRUE(dex.process().running());
}

// A body behind a Transfer-Encoding the server does not decode is refused with the request (501,
// as dex's Go server answers) and never read as the next request on the connection.
TEST(E2EServer, UnsupportedTransferEncodingCannotSmuggleARequest) {
  DexccInstance dex(kMemory);
  ASSERT_TRUE(dex.started()) << dex.process().output();
  RawConnection c("127.0.0.1", dex.port());
  ASSERT_TRUE(c.send("POST " + dex.path("/token") +
                     " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n" + "GET " +
                     dex.path("/healthz") + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 501);
  EXPECT_FALSE(c.read_response(1s));
  EXPECT_TRUE(c.closed_by_peer(3s));
  EXPECT_EQ(dex.process().output().find("path=" + dex.path("/healthz")), std::string::npos)
      << dex.process().output();
}

// One client address holding the default limit of connections that send nothing cannot keep
// others out, and is itself served again once it has fewer.
TEST(E2EServer, OneAddressCannotTakeEveryConnection) {
  DexccInstance dex(kMemory);
  ASSERT_TRUE(dex.started()) << dex.process().output();
  constexpr size_t kDefaultLimit = 256;
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (size_t i = 0; i < kDefaultLimit; ++i) {
    silent.push_back(std::make_unique<RawConnection>("127.0.0.1", dex.port()));
    ASSERT_TRUE(silent.back()->connected()) << i;
  }
  auto ask = [&](const std::string& source) {
    RawConnection c("127.0.0.1", dex.port(), source);
    c.send("GET " + dex.path("/healthz") + " HTTP/1.1\r\nHost: x\r\n\r\n");
    return c.read_response(2s);
  };
  std::optional<HttpResult> beyond_limit;
  for (int i = 0; i < 50; ++i) {  // until the server has accepted all of them
    beyond_limit = ask("127.0.0.1");
    if (!beyond_limit) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(beyond_limit) << "answered beyond the per-address limit";
  auto other = ask("127.0.0.2");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  silent.resize(kDefaultLimit - 1);
  std::optional<HttpResult> again;
  for (int i = 0; i < 50 && !again; ++i) {
    std::this_thread::sleep_for(20ms);
    again = ask("127.0.0.1");
  }
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_NE(dex.process().output().find("too many connections in progress from one address"),
            std::string::npos);
}

// A request may carry 1000 parameters (body and query together); more are refused with the
// endpoint's own 400, and a body at the size limit full of them is refused as cheaply.
TEST(E2EServer, TooManyParametersAreRefused) {
  DexccInstance dex(kMemory);
  ASSERT_TRUE(dex.started()) << dex.process().output();
  auto parameters = [](size_t count) {
    std::string out = "grant_type=authorization_code";
    for (size_t i = 1; i < count; ++i) out += "&p" + std::to_string(i) + "=";
    return out;
  };

  auto at_limit = dex.post_form("/token", parameters(1000));
  ASSERT_TRUE(at_limit);
  // Parsed, then refused because no client is named.
  EXPECT_EQ(nlohmann::json::parse(at_limit->body)["error"], "invalid_client");

  for (const std::string& body : {parameters(1001), parameters(90000)}) {  // 90,000: about 1 MiB
    auto over = dex.post_form("/token", body);
    ASSERT_TRUE(over);
    EXPECT_EQ(over->status, 400);
    EXPECT_EQ(over->header("content-type"), "application/json");
    auto error = nlohmann::json::parse(over->body);
    EXPECT_EQ(error["error"], "invalid_request");
    EXPECT_EQ(error["error_description"], "Too many parameters (at most 1000).");
  }
  auto split = dex.post_form("/token?" + parameters(500), parameters(501));
  ASSERT_TRUE(split);
  EXPECT_EQ(split->status, 400);

  auto page = dex.get("/auth?" + parameters(1001));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 400);
  EXPECT_NE(page->header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page->body.find("Too many parameters (at most 1000)."), std::string::npos);
  EXPECT_EQ(dex.get("/healthz")->status, 200);
}

TEST(E2EServer, GracefulShutdownClosesIdleConnectionsAndExitsZero) {
  DexccInstance dex(kMemory);
  ASSERT_TRUE(dex.started()) << dex.process().output();
  RawConnection keep("127.0.0.1", dex.port());
  ASSERT_TRUE(keep.send("GET /dex/healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(keep.read_response());
  dex.process().signal(SIGINT);
  EXPECT_TRUE(keep.closed_by_peer(5s));
  EXPECT_EQ(dex.process().wait(10s), 0);
  EXPECT_NE(dex.process().output().find("shutdown complete"), std::string::npos);
  EXPECT_FALSE(RawConnection("127.0.0.1", dex.port()).connected());
}

// One access-log line per request, written soon (I/O threads hold lines a few milliseconds to batch
// them), with the path but never the query string (it carries codes, states and secrets).
TEST(E2EServer, AccessLogLinesArriveWithoutQueryStrings) {
  DexccInstance dex(kMemory);
  ASSERT_TRUE(dex.started()) << dex.process().output();
  for (int i = 0; i < 30; ++i) ASSERT_EQ(dex.get("/keys?code=do-not-log-" + std::to_string(i))->status, 200);
  auto count_lines = [&] {
    std::string out = dex.process().output();
    size_t n = 0;
    for (size_t pos = 0; (pos = out.find("msg=\"http request\" method=GET path=/dex/keys status=200", pos)) !=
                         std::string::npos;
         ++pos) {
      ++n;
    }
    return n;
  };
  for (int i = 0; i < 200 && count_lines() < 30; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(count_lines(), 30u) << dex.process().output();
  EXPECT_EQ(dex.process().output().find("do-not-log"), std::string::npos);
  // Lines are whole: every line of the output starts a record.
  std::istringstream lines(dex.process().output());
  for (std::string line; std::getline(lines, line);) EXPECT_EQ(line.rfind("time=", 0), 0u) << line;
}

TEST(E2EServer, HeadersAndCorsFromConfig) {
  DexccInstance dex(InstanceOptions{
      .config_body = kMemory,
      .web_extra = "  headers:\n    X-Frame-Options: DENY\n  allowedOrigins: ['https://app.example']\n"});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  auto root = dex.get("", "Origin: https://app.example\r\n");
  EXPECT_EQ(root->header("x-frame-options"), "DENY");
  EXPECT_EQ(root->header("access-control-allow-origin"), "https://app.example");
  auto preflight = http_request(dex.port(), "OPTIONS", dex.path(""), {},
                                "Origin: https://app.example\r\nAccess-Control-Request-Method: GET\r\n"
                                "Access-Control-Request-Headers: authorization\r\n");
  EXPECT_EQ(preflight->status, 200);
  EXPECT_EQ(preflight->header("access-control-allow-headers"), "Authorization");
  auto foreign = dex.get("", "Origin: https://evil.example\r\n");
  EXPECT_EQ(foreign->header("access-control-allow-origin"), "");
  // robots.txt is not a CORS route.
  EXPECT_EQ(dex.get("/robots.txt", "Origin: https://app.example\r\n")->header("access-control-allow-origin"), "");
}

TEST(E2ECli, BadConfigExitsWithOneClearLine) {
  TempDir dir;
  std::ofstream(dir / "bad.yaml") << "issuer: http://127.0.0.1:1/dex\nstorage: {type: memory}\nweb: {http: "
                                     "127.0.0.1:1}\nexpiry: {idTokens: 1x}\n";
  Process p({dexcc_binary(), "serve", (dir / "bad.yaml").string()}, dir / "out.log");
  EXPECT_EQ(p.wait(10s), 2);
  EXPECT_EQ(p.output(), "config: expiry.idTokens: \"1x\" is not a duration\n");
}

TEST(E2ECli, UnknownKeysWarnButStart) {
  DexccInstance dex(std::string(kMemory) + "unknownTopLevel: 1\n");
  ASSERT_TRUE(dex.started()) << dex.process().output();
  EXPECT_NE(dex.process().output().find("key=unknownTopLevel"), std::string::npos) << dex.process().output();
}

TEST(E2ECli, VersionAndUsage) {
  TempDir dir;
  Process version({dexcc_binary(), "version"}, dir / "v.log");
  EXPECT_EQ(version.wait(5s), 0);
  EXPECT_TRUE(version.output().starts_with("Dex Version: v2.45.1-dexcc.")) << version.output();
  Process bare({dexcc_binary()}, dir / "b.log");
  EXPECT_EQ(bare.wait(5s), 2);
  Process help({dexcc_binary(), "serve", "--help"}, dir / "h.log");
  EXPECT_EQ(help.wait(5s), 0);
  EXPECT_NE(help.output().find("--web-http-addr"), std::string::npos);
  Process bad_flag({dexcc_binary(), "serve", "--nope", "x.yaml"}, dir / "f.log");
  EXPECT_EQ(bad_flag.wait(5s), 2);
  EXPECT_NE(bad_flag.output().find("unknown flag: --nope"), std::string::npos);
}

TEST(E2ECli, PortInUseFailsClearly) {
  DexccInstance first(kMemory);
  ASSERT_TRUE(first.started());
  TempDir dir;
  std::ofstream(dir / "c.yaml") << "issuer: http://127.0.0.1/dex\nstorage: {type: memory}\nenablePasswordDB: true\nweb: {http: 127.0.0.1:"
                                << first.port() << "}\n";
  Process p({dexcc_binary(), "serve", (dir / "c.yaml").string()}, dir / "out.log");
  EXPECT_EQ(p.wait(10s), 2);
  EXPECT_NE(p.output().find("listening for http on 127.0.0.1:"), std::string::npos) << p.output();
}

}  // namespace
}  // namespace dexcc::testing
