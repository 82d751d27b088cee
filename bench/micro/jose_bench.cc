// Micro-benchmarks: compact JWS signing and verification with prepared keys, as /token and
// /userinfo use them (RS256 and ES256, an ID-token-sized payload).
#include <benchmark/benchmark.h>

#include <string>

#include "jose/jws.h"
#include "jose/jws_signer.h"
#include "jose/key.h"

namespace dexcc::bench {
namespace {

// About the size of dex's ID token claims with email, profile and two groups.
const std::string kPayload =
    R"({"iss":"http://127.0.0.1:5556/dex","sub":"CiQwOGE4Njg0Yi1kYjg4LTRiNzMtOTBhOS0zY2QxNjYxZjU0NjYSBWxvY2Fs",)"
    R"("aud":"example-app","exp":1764450000,"iat":1764363600,"at_hash":"tUbm3oe3w2YJ8Ui3PQYr5A",)"
    R"("c_hash":"h2-3Hk5tC5HpgtXMwyBWvw","email":"admin@example.com","email_verified":true,)"
    R"("groups":["team-a","team-a/admins"],"name":"admin","preferred_username":"admin"})";

jose::Key make_key(jose::Algorithm alg) {
  auto key = alg == jose::Algorithm::kES256 ? jose::Key::generate_ec() : jose::Key::generate_rsa(2048);
  return std::move(*key);
}

void BM_JwsSign(benchmark::State& state, jose::Algorithm alg) {
  auto signer = jose::JwsSigner::create(make_key(alg), alg, "0123456789abcdef0123456789abcdef01234567");
  for (auto _ : state) benchmark::DoNotOptimize(signer->sign(kPayload));
}

void BM_JwsVerify(benchmark::State& state, jose::Algorithm alg) {
  jose::Key key = make_key(alg);
  auto signer = jose::JwsSigner::create(key, alg, "kid");
  std::string token = *signer->sign(kPayload);
  auto verifier = jose::JwsVerifier::create(*key.public_key(), alg);
  for (auto _ : state) {
    auto jws = jose::parse_compact(token);
    benchmark::DoNotOptimize(verifier->verify(*jws));
  }
}

BENCHMARK_CAPTURE(BM_JwsSign, RS256, jose::Algorithm::kRS256);
BENCHMARK_CAPTURE(BM_JwsSign, ES256, jose::Algorithm::kES256);
BENCHMARK_CAPTURE(BM_JwsVerify, RS256, jose::Algorithm::kRS256);
BENCHMARK_CAPTURE(BM_JwsVerify, ES256, jose::Algorithm::kES256);

}  // namespace
}  // namespace dexcc::bench
