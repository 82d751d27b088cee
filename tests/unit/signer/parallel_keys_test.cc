// ParallelKeys: keys come out in the order their generations finish, then from the fallback.
#include "signer/parallel_keys.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

namespace dexcc::signer {
namespace {

using namespace std::chrono_literals;

// A generator whose first call finishes last: its key is handed out second.
KeyGenerator staggered(std::atomic<int>& calls) {
  return [&calls](jose::Algorithm alg) -> base::Result<jose::Jwk> {
    int n = ++calls;
    if (n == 1) std::this_thread::sleep_for(200ms);
    auto key = generate_signing_key(alg);
    key->kid = "p" + std::to_string(n);
    return key;
  };
}

TEST(ParallelKeys, HandsOutKeysInTheOrderTheyFinishThenFallsBack) {
  std::atomic<int> calls = 0;
  ParallelKeys keys(jose::Algorithm::kES256, 2, staggered(calls));
  KeyGenerator fallback = [](jose::Algorithm alg) {
    auto key = generate_signing_key(alg);
    key->kid = "fallback";
    return key;
  };
  KeyGenerator gen = keys.generator(fallback);
  EXPECT_EQ(gen(jose::Algorithm::kES256)->kid, "p2");
  EXPECT_EQ(gen(jose::Algorithm::kES256)->kid, "p1");
  EXPECT_EQ(gen(jose::Algorithm::kES256)->kid, "fallback");
  EXPECT_EQ(calls, 2);
}

TEST(ParallelKeys, AnotherAlgorithmComesFromTheFallback) {
  std::atomic<int> calls = 0;
  ParallelKeys keys(jose::Algorithm::kES256, 1, staggered(calls));
  KeyGenerator gen = keys.generator([](jose::Algorithm) -> base::Result<jose::Jwk> { return base::fail("fallback"); });
  auto rsa = gen(jose::Algorithm::kRS256);
  ASSERT_FALSE(rsa);
  EXPECT_EQ(rsa.error().message, "fallback");
}

TEST(ParallelKeys, AFailedGenerationIsHandedOutAsItsError) {
  ParallelKeys keys(jose::Algorithm::kES256, 1,
                    [](jose::Algorithm) -> base::Result<jose::Jwk> { return base::fail("no entropy"); });
  auto key = keys.generator(generate_signing_key)(jose::Algorithm::kES256);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().message, "no entropy");
}

}  // namespace
}  // namespace dexcc::signer
