// Micro-benchmarks: the request parsing every handler does (target split, Go-compatible form
// parsing), the encoding of redirect queries, and the worst forms a client can send (issue 22).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "http/form.h"
#include "http/request.h"

namespace dexcc::bench {
namespace {

const std::string kAuthTarget =
    "/dex/auth/mock?client_id=example-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fcallback"
    "&response_type=code&scope=openid+email+profile+groups+offline_access&state=I+wish+to+wash+my+irish+wristwatch";
const std::string kTokenBody =
    "grant_type=authorization_code&code=qnc7fzxyqbj6dbm3wpt4nbs6a&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fcallback";

void BM_SplitTarget(benchmark::State& state) {
  std::string path, query;
  for (auto _ : state) {
    benchmark::DoNotOptimize(http::split_target(kAuthTarget, path, query));
  }
}
BENCHMARK(BM_SplitTarget);

void BM_ParseAuthQuery(benchmark::State& state) {
  std::string_view query = std::string_view(kAuthTarget).substr(kAuthTarget.find('?') + 1);
  for (auto _ : state) benchmark::DoNotOptimize(http::parse_query(query));
}
BENCHMARK(BM_ParseAuthQuery);

// A POST to /token with an urlencoded `body`, as the server hands it to the token endpoint.
http::Request token_request(const std::string& body) {
  http::Request req;
  req.method = "POST";
  req.path = "/dex/token";
  req.headers.add("Content-Type", "application/x-www-form-urlencoded");
  req.body = body;
  return req;
}

// Request::form() as the token endpoint calls it: body and query merged, parsed once per request.
void BM_TokenRequestForm(benchmark::State& state) {
  for (auto _ : state) {
    http::Request req = token_request(kTokenBody);
    benchmark::DoNotOptimize(req.form().values.get("code"));
  }
}
BENCHMARK(BM_TokenRequestForm);

void BM_EncodeRedirectQuery(benchmark::State& state) {
  auto values = http::parse_query(std::string_view(kAuthTarget).substr(kAuthTarget.find('?') + 1)).values;
  for (auto _ : state) benchmark::DoNotOptimize(values.encode());
}
BENCHMARK(BM_EncodeRedirectQuery);

// A form body of `bytes` bytes made of empty parameters: "a=&b=&..." with distinct keys of one to
// four letters, or one key repeated. These are the cheapest parameters per byte a client can send.
std::string flood_body(size_t bytes, bool distinct_keys) {
  std::string body;
  body.reserve(bytes + 8);
  for (size_t i = 0; body.size() < bytes; ++i) {
    if (!body.empty()) body += '&';
    if (!distinct_keys) {
      body += 'a';
    } else {
      for (size_t n = i;; n = n / 26 - 1) {
        body += static_cast<char>('a' + n % 26);
        if (n < 26) break;
      }
    }
    body += '=';
  }
  return body;
}

// A 1 MiB /token body (the server's body limit) of distinct keys (arg 1) or one repeated key (arg
// 0), parsed as the token endpoint parses it before answering 400.
void BM_TokenRequestFormFlood(benchmark::State& state) {
  const std::string body = flood_body(size_t{1} << 20, state.range(0) != 0);
  for (auto _ : state) {
    http::Request req = token_request(body);
    benchmark::DoNotOptimize(req.form().error);
  }
}
BENCHMARK(BM_TokenRequestFormFlood)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// Values::add alone with `arg` distinct keys: the lookup every add does, without the parameter cap.
void BM_ValuesAddDistinctKeys(benchmark::State& state) {
  std::vector<std::string> keys;
  for (int64_t i = 0; i < state.range(0); ++i) keys.push_back("k" + std::to_string(i));
  for (auto _ : state) {
    http::Values values;
    for (const auto& k : keys) values.add(k, "");
    benchmark::DoNotOptimize(values.empty());
  }
}
BENCHMARK(BM_ValuesAddDistinctKeys)->Arg(8)->Arg(1000)->Arg(40000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dexcc::bench
