// Micro-benchmarks: the request parsing every handler does (target split, Go-compatible form
// parsing) and the encoding of redirect queries.
#include <benchmark/benchmark.h>

#include <string>

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

// Request::form() as the token endpoint calls it: body and query merged, parsed once per request.
void BM_TokenRequestForm(benchmark::State& state) {
  for (auto _ : state) {
    http::Request req;
    req.method = "POST";
    req.path = "/dex/token";
    req.headers.add("Content-Type", "application/x-www-form-urlencoded");
    req.body = kTokenBody;
    benchmark::DoNotOptimize(req.form().values.get("code"));
  }
}
BENCHMARK(BM_TokenRequestForm);

void BM_EncodeRedirectQuery(benchmark::State& state) {
  auto values = http::parse_query(std::string_view(kAuthTarget).substr(kAuthTarget.find('?') + 1)).values;
  for (auto _ : state) benchmark::DoNotOptimize(values.encode());
}
BENCHMARK(BM_EncodeRedirectQuery);

}  // namespace
}  // namespace dexcc::bench
