// JwsSigner: dex's header bytes, every algorithm round-trips, refusals, and concurrent use.
#include "jose/jws_signer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "base/base64.h"
#include "jose/jws.h"
#include "test_keys.h"

namespace dexcc::jose {
namespace {

using testing::generated_p256;
using testing::generated_p384;
using testing::generated_rsa;

std::string header_of(const std::string& token) {
  return *base::base64url_decode(std::string_view(token).substr(0, token.find('.')));
}

TEST(JwsSignerTest, HeaderIsDexs) {
  auto rs = JwsSigner::create(generated_rsa(), Algorithm::kRS256, "0123456789abcdef0123456789abcdef01234567");
  ASSERT_TRUE(rs);
  auto token = rs->sign(R"({"iss":"x"})");
  ASSERT_TRUE(token);
  EXPECT_EQ(header_of(*token), R"({"alg":"RS256","kid":"0123456789abcdef0123456789abcdef01234567"})");

  auto es = JwsSigner::create(generated_p256(), Algorithm::kES256, "k");
  ASSERT_TRUE(es);
  EXPECT_EQ(header_of(*es->sign("{}")), R"({"alg":"ES256","kid":"k"})");

  auto no_kid = JwsSigner::create(generated_p256(), Algorithm::kES256, "");
  EXPECT_EQ(header_of(*no_kid->sign("{}")), R"({"alg":"ES256"})");

  // Go's encoder escapes HTML characters; the header is still valid JSON with the same kid.
  auto odd = JwsSigner::create(generated_p256(), Algorithm::kES256, "a<b>&\"");
  std::string header = header_of(*odd->sign("{}"));
  EXPECT_EQ(header, R"({"alg":"ES256","kid":"a\u003cb\u003e\u0026\""})");
  auto parsed = parse_compact(*odd->sign("{}"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kid, "a<b>&\"");
}

TEST(JwsSignerTest, EveryAlgorithmRoundTrips) {
  struct Case {
    Algorithm alg;
    const Key* key;
    size_t signature_size;
  } cases[] = {
      {Algorithm::kRS256, &generated_rsa(), 256}, {Algorithm::kRS384, &generated_rsa(), 256},
      {Algorithm::kRS512, &generated_rsa(), 256}, {Algorithm::kPS256, &generated_rsa(), 256},
      {Algorithm::kES256, &generated_p256(), 64}, {Algorithm::kES384, &generated_p384(), 96},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(algorithm_name(c.alg));
    auto signer = JwsSigner::create(*c.key, c.alg, "kid-1");
    ASSERT_TRUE(signer) << signer.error().message;
    EXPECT_EQ(signer->algorithm(), c.alg);
    EXPECT_EQ(signer->kid(), "kid-1");
    for (std::string payload : {std::string(), std::string("{\"sub\":\"x\"}"), std::string(5000, 'p')}) {
      auto token = signer->sign(payload);
      ASSERT_TRUE(token) << token.error().message;
      auto jws = parse_compact(*token);
      ASSERT_TRUE(jws) << jws.error().message;
      EXPECT_EQ(jws->alg, c.alg);
      EXPECT_EQ(jws->kid, "kid-1");
      EXPECT_EQ(jws->payload, payload);
      EXPECT_EQ(jws->signature.size(), c.signature_size);
      auto pub = c.key->public_key();
      ASSERT_TRUE(pub);
      EXPECT_TRUE(verify_signature(*jws, *pub));
      auto verifier = JwsVerifier::create(*pub, c.alg);
      ASSERT_TRUE(verifier);
      EXPECT_TRUE(verifier->verify(*jws));
    }
  }
}

TEST(JwsSignerTest, RefusesUnsuitableKeys) {
  EXPECT_EQ(JwsSigner::create(*generated_rsa().public_key(), Algorithm::kRS256, "").error().kind,
            ErrorKind::kKeyMismatch);
  EXPECT_EQ(JwsSigner::create(generated_rsa(), Algorithm::kES256, "").error().kind, ErrorKind::kKeyMismatch);
  EXPECT_EQ(JwsSigner::create(generated_p256(), Algorithm::kRS256, "").error().kind, ErrorKind::kKeyMismatch);
  EXPECT_EQ(JwsSigner::create(generated_p256(), Algorithm::kES384, "").error().kind, ErrorKind::kKeyMismatch);
  EXPECT_EQ(JwsSigner::create(generated_p384(), Algorithm::kES256, "").error().kind, ErrorKind::kKeyMismatch);
}

// One signer shared by several threads, as the server's workers share the current key.
TEST(JwsSignerTest, ConcurrentSigningAndVerifying) {
  auto rs = JwsSigner::create(generated_rsa(), Algorithm::kRS256, "r");
  auto es = JwsSigner::create(generated_p256(), Algorithm::kES256, "e");
  auto rs_verifier = JwsVerifier::create(*generated_rsa().public_key(), Algorithm::kRS256);
  auto es_verifier = JwsVerifier::create(*generated_p256().public_key(), Algorithm::kES256);
  ASSERT_TRUE(rs && es && rs_verifier && es_verifier);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        std::string payload = "{\"n\":" + std::to_string(t * 100 + i) + "}";
        const JwsSigner& signer = (i % 2) ? *rs : *es;
        const JwsVerifier& verifier = (i % 2) ? *rs_verifier : *es_verifier;
        auto token = signer.sign(payload);
        auto jws = token ? parse_compact(*token) : Result<Jws>(std::unexpected(token.error()));
        if (!jws || jws->payload != payload || !verifier.verify(*jws)) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace dexcc::jose
