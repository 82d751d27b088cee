// Micro-benchmarks: dex's ID token claims in dex's order, and a whole ID token (claims + signature)
// as /token mints it, on memory storage with a local signer of each algorithm.
#include <benchmark/benchmark.h>

#include <memory>

#include "base/clock.h"
#include "server/tokens/jwt_minter.h"
#include "signer/local_signer.h"
#include "storage/registry.h"

namespace dexcc::bench {
namespace {

struct Minting {
  explicit Minting(jose::Algorithm alg) {
    store = std::move(*storage::Registry::builtin().open("memory", nlohmann::json::object()));
    (void)store->create_client(storage::Client{.id = "example-app", .secret = "s", .redirect_uris = {"http://x/cb"}});
    signer = std::make_unique<signer::LocalSigner>(*store, clock, signer::LocalOptions{.algorithm = alg});
    (void)signer->start();
    minter = std::make_unique<server::tokens::JwtMinter>("http://127.0.0.1:5556/dex", *signer, *store, clock,
                                                         std::chrono::hours(24));
    subject.client_id = "example-app";
    subject.scopes = {"openid", "email", "profile", "groups", "offline_access"};
    subject.connector_id = "mock";
    subject.claims = storage::Claims{.user_id = "0-385-28089-0", .username = "Kilgore Trout",
                                     .preferred_username = "kilgore", .email = "kilgore@kilgore.trout",
                                     .email_verified = true, .groups = {"authors"}};
  }
  base::SystemClock clock;
  std::unique_ptr<storage::Storage> store;
  std::unique_ptr<signer::LocalSigner> signer;
  std::unique_ptr<server::tokens::JwtMinter> minter;
  server::tokens::TokenSubject subject;
};

void BM_ClaimsJson(benchmark::State& state) {
  Minting m(jose::Algorithm::kRS256);
  base::Time now = m.clock.now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.minter->claims_json(m.subject, "access-token-value", "code-value", now, now));
  }
}
BENCHMARK(BM_ClaimsJson);

void BM_MintIdToken(benchmark::State& state, jose::Algorithm alg) {
  Minting m(alg);
  for (auto _ : state) benchmark::DoNotOptimize(m.minter->id_token(m.subject, "access-token-value", "code-value"));
}
BENCHMARK_CAPTURE(BM_MintIdToken, RS256, jose::Algorithm::kRS256);
BENCHMARK_CAPTURE(BM_MintIdToken, ES256, jose::Algorithm::kES256);

}  // namespace
}  // namespace dexcc::bench
