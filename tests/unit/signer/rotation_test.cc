// The rotation plan as a table: which step stored keys need at a time, and the keys after it, with
// keys from a generator that hands out fixed kids.
#include "signer/rotation.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace dexcc::signer {
namespace {

using namespace std::chrono_literals;

const base::Time t0 = base::Time(std::chrono::seconds(1700000000));
const RotationPolicy kPolicy{.rotation_period = 6h, .id_token_ttl = 8h, .algorithm = jose::Algorithm::kES256};

// Hands out P-256 keys with kids "k1", "k2", ... (P-256: fast to make, and the kid is what counts).
struct CountingGenerator {
  int made = 0;
  KeyGenerator fn() {
    return [this](jose::Algorithm alg) -> base::Result<jose::Jwk> {
      auto key = generate_signing_key(alg);
      if (!key) return key;
      key->kid = "k" + std::to_string(++made);
      return key;
    };
  }
};

std::vector<std::string> published_kids(const storage::Keys& keys) {
  std::vector<std::string> kids;
  for (const auto& v : keys.verification_keys) kids.push_back(jose::parse_jwk(v.public_key)->kid);
  return kids;
}
std::string signing_kid(const storage::Keys& keys) { return parse_signing_key(keys.signing_key)->current.kid; }
std::string next_kid(const storage::Keys& keys) {
  auto stored = parse_signing_key(keys.signing_key);
  return stored->next ? stored->next->kid : "";
}

storage::Keys after(storage::Keys keys, base::Time now, CountingGenerator& gen, NextKey next = NextKey::kGenerate) {
  auto r = rotate_keys(std::move(keys), now, kPolicy, next, gen.fn());
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  EXPECT_TRUE(r && *r) << "expected a change";
  return r && *r ? **r : storage::Keys{};
}

TEST(RotationPlan, FirstStartMakesTheSigningAndTheNextKey) {
  CountingGenerator gen;
  EXPECT_EQ(rotation_step(storage::Keys{}, t0), RotationStep::kRotate);
  storage::Keys k = after({}, t0, gen);
  EXPECT_EQ(signing_kid(k), "k1");
  EXPECT_EQ(next_kid(k), "k2");
  EXPECT_EQ(k.next_rotation, t0 + 6h);
  EXPECT_EQ(published_kids(k), std::vector<std::string>{"k2"});
  EXPECT_EQ(k.verification_keys[0].expiry, t0 + 6h + 8h);
  EXPECT_EQ(rotation_step(k, t0 + 6h - 1s), RotationStep::kNothing);
  EXPECT_EQ(rotation_step(k, t0 + 6h), RotationStep::kRotate);
}

TEST(RotationPlan, DeferredNextKeyIsAddedByTheNextStep) {
  CountingGenerator gen;
  storage::Keys k = after({}, t0, gen, NextKey::kDefer);
  EXPECT_EQ(gen.made, 1);
  EXPECT_EQ(signing_kid(k), "k1");
  EXPECT_EQ(next_kid(k), "");
  EXPECT_TRUE(k.verification_keys.empty());
  EXPECT_EQ(rotation_step(k, t0 + 1s), RotationStep::kAddNext);
  storage::Keys added = after(k, t0 + 1s, gen);
  EXPECT_EQ(signing_kid(added), "k1");
  EXPECT_EQ(next_kid(added), "k2");
  EXPECT_EQ(added.next_rotation, t0 + 6h);  // adding the next key does not move the rotation
  EXPECT_EQ(published_kids(added), std::vector<std::string>{"k2"});
  EXPECT_EQ(added.verification_keys[0].expiry, t0 + 6h + 8h);
}

TEST(RotationPlan, RotationPromotesTheNextKeyAndRetiresTheOldOne) {
  CountingGenerator gen;
  storage::Keys k = after({}, t0, gen);
  storage::Keys r = after(k, t0 + 6h, gen);
  EXPECT_EQ(signing_kid(r), "k2");
  EXPECT_EQ(next_kid(r), "k3");
  EXPECT_EQ(r.next_rotation, t0 + 12h);
  // k2's early entry gave way to its signing entry; k1 stays published one token lifetime.
  EXPECT_EQ(published_kids(r), (std::vector<std::string>{"k1", "k3"}));
  EXPECT_EQ(r.verification_keys[0].expiry, t0 + 6h + 8h);
  EXPECT_EQ(r.verification_keys[1].expiry, t0 + 12h + 8h);
  // Two rotations later k1 (expired at 14h) is dropped; k2 (retired at 12h) stays until 20h.
  storage::Keys r2 = after(r, t0 + 12h, gen);
  storage::Keys r3 = after(r2, t0 + 18h, gen);
  EXPECT_EQ(signing_kid(r3), "k4");
  EXPECT_EQ(published_kids(r3), (std::vector<std::string>{"k2", "k3", "k5"}));
}

TEST(RotationPlan, NothingToDoWhenAnotherReplicaDidIt) {
  CountingGenerator gen;
  storage::Keys k = after({}, t0, gen);
  auto r = rotate_keys(k, t0 + 1h, kPolicy, NextKey::kGenerate, gen.fn());
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  EXPECT_EQ(gen.made, 2);
}

TEST(RotationPlan, AnAlgorithmChangeDropsThePendingKey) {
  CountingGenerator gen;
  storage::Keys k = after({}, t0, gen);  // ES256 k1, next k2
  RotationPolicy rsa = kPolicy;
  rsa.algorithm = jose::Algorithm::kRS256;
  // Keys of the old algorithm stand in for RSA ones here: only the decision is under test, so the
  // generator's answer for RS256 is a P-256 key labelled RS256.
  KeyGenerator labelled = [&](jose::Algorithm) -> base::Result<jose::Jwk> {
    auto key = generate_signing_key(jose::Algorithm::kES256);
    key->kid = "r" + std::to_string(++gen.made);
    key->alg = "RS256";
    return key;
  };
  auto r = rotate_keys(k, t0 + 6h, rsa, NextKey::kGenerate, labelled);
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(signing_kid(**r), "r3");
  EXPECT_EQ(next_kid(**r), "r4");
  EXPECT_EQ(published_kids(**r), (std::vector<std::string>{"k1", "r4"}));
}

TEST(RotationPlan, AGeneratorFailureIsAnError) {
  KeyGenerator broken = [](jose::Algorithm) -> base::Result<jose::Jwk> { return base::fail("no entropy"); };
  auto r = rotate_keys({}, t0, kPolicy, NextKey::kGenerate, broken);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "no entropy");
}

}  // namespace
}  // namespace dexcc::signer
