// LocalSigner against memory storage and a fake clock: dex's key format, the /keys content at each
// rotation step, the next key published ahead, replicas sharing one store, ES256, failures.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <regex>
#include <thread>

#include "jose/jwk.h"
#include "jose/jws.h"
#include "signer/local_signer.h"
#include "storage/memory/memory.h"

namespace dexcc::signer {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Kids = std::vector<std::string>;

// The kids /keys serves, in its order.
Kids published(const LocalSigner& s) {
  auto set = s.key_set();
  if (!set) return {};
  json jwks = json::parse(set->jwks_json);
  Kids out;
  for (const auto& k : jwks["keys"]) out.push_back(k["kid"].get<std::string>());
  return out;
}

std::string sign(const LocalSigner& s, std::string_view payload = R"({"sub":"x"})") {
  auto token = s.sign(payload);
  EXPECT_TRUE(token) << (token ? "" : token.error().message);
  return token ? *token : std::string();
}

std::string kid_of(const std::string& token) {
  auto jws = jose::parse_compact(token);
  EXPECT_TRUE(jws);
  return jws ? jws->kid : std::string();
}

// What a relying party does with /keys: pick the key by kid and check the signature.
bool verifies_with_published(const LocalSigner& s, const std::string& token) {
  auto jws = jose::parse_compact(token);
  auto set = s.key_set();
  if (!jws || !set) return false;
  auto keys = jose::parse_jwk_set(set->jwks_json);
  if (!keys) return false;
  for (const auto& k : *keys) {
    if (k.kid == jws->kid) return jose::verify_signature(*jws, k.key).has_value();
  }
  return false;
}

bool contains(const Kids& kids, const std::string& kid) { return std::find(kids.begin(), kids.end(), kid) != kids.end(); }

class LocalSignerTest : public ::testing::Test {
 protected:
  std::unique_ptr<LocalSigner> make(LocalOptions options) {
    return std::make_unique<LocalSigner>(*store_, clock_, options);
  }
  storage::Keys stored() { return *store_->get_keys(); }

  const base::Time t0_ = base::Time(std::chrono::seconds(1700000000));
  base::FakeClock clock_{t0_};
  std::unique_ptr<storage::Storage> store_ = storage::memory::open();
  // Retired keys outlive one rotation but not two, so one timeline shows both keeping and dropping.
  LocalOptions options_{.rotation_period = 6h, .id_token_ttl = 8h};
};

TEST_F(LocalSignerTest, NothingBeforeStart) {
  auto s = make(options_);
  EXPECT_EQ(s->key_set(), nullptr);
  EXPECT_FALSE(s->sign("{}"));
  EXPECT_EQ(s->algorithm(), jose::Algorithm::kRS256);
  EXPECT_EQ(make({.algorithm = jose::Algorithm::kES256})->algorithm(), jose::Algorithm::kES256);
}

TEST_F(LocalSignerTest, FirstStartWritesDexShapedKeys) {
  auto s = make(options_);
  ASSERT_TRUE(s->start());
  storage::Keys keys = stored();
  EXPECT_EQ(keys.next_rotation, t0_ + 6h);

  // The private JWK dex reads, and its public half, in go-jose's member order.
  json priv = json::parse(keys.signing_key.str());
  EXPECT_EQ(priv["kty"], "RSA");
  EXPECT_TRUE(priv.contains("d"));
  json pub = json::parse(keys.signing_key_pub);
  nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(keys.signing_key_pub);
  std::vector<std::string> members;
  for (const auto& [k, v] : ordered.items()) members.push_back(k);
  EXPECT_EQ(members, (std::vector<std::string>{"use", "kty", "kid", "alg", "n", "e"}));
  EXPECT_EQ(pub["use"], "sig");
  EXPECT_EQ(pub["alg"], "RS256");
  EXPECT_EQ(pub["e"], "AQAB");
  // RSA-2048: a 256-byte modulus is 342 base64url characters.
  EXPECT_EQ(pub["n"].get<std::string>().size(), 342u);
  // dex's kid: 20 random bytes in hex.
  EXPECT_TRUE(std::regex_match(pub["kid"].get<std::string>(), std::regex("[0-9a-f]{40}")));

  // The next key is already a verification key, kept until one lifetime past its turn to sign.
  ASSERT_EQ(keys.verification_keys.size(), 1u);
  EXPECT_EQ(keys.verification_keys[0].expiry, t0_ + 6h + 8h);
}

TEST_F(LocalSignerTest, StartSigningLeavesTheNextKeyToTheBackground) {
  LocalOptions fast = options_;
  fast.check_interval = 1h;  // only the background thread's first, immediate check can add it
  auto s = make(fast);
  ASSERT_TRUE(s->start_signing());
  EXPECT_EQ(published(*s).size(), 1u);  // the signing key: /keys is never empty once started
  EXPECT_TRUE(verifies_with_published(*s, sign(*s)));
  s->run_in_background();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (published(*s).size() < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(published(*s).size(), 2u);
  s->stop();
}

TEST_F(LocalSignerTest, JwksIsDexsPrettyPrintedPublicSet) {
  auto s = make(options_);
  ASSERT_TRUE(s->start());
  auto set = s->key_set();
  ASSERT_TRUE(set);
  EXPECT_EQ(set->algorithm, jose::Algorithm::kRS256);
  EXPECT_TRUE(set->jwks_json.starts_with("{\n  \"keys\": [\n    {\n      \"use\": \"sig\",\n      \"kty\": \"RSA\",\n"))
      << set->jwks_json;
  EXPECT_EQ(set->jwks_json.find("\"d\""), std::string::npos) << "private material must never be served";
  json jwks = json::parse(set->jwks_json);
  ASSERT_EQ(jwks["keys"].size(), 2u);
  ASSERT_EQ(set->keys.size(), 2u);
  for (size_t i = 0; i < set->keys.size(); ++i) {
    EXPECT_EQ(set->keys[i].kid, jwks["keys"][i]["kid"]);
    EXPECT_FALSE(set->keys[i].key.has_private());
  }
  // Signing key first: the one whose kid tokens carry.
  EXPECT_EQ(kid_of(sign(*s)), jwks["keys"][0]["kid"]);
}

TEST_F(LocalSignerTest, RotationTimelineOfTheKeySet) {
  auto s = make(options_);
  ASSERT_TRUE(s->start());
  Kids step0 = published(*s);
  ASSERT_EQ(step0.size(), 2u);
  const std::string k1 = step0[0], k2 = step0[1];
  std::string token_k1 = sign(*s);
  EXPECT_EQ(kid_of(token_k1), k1);
  auto set0 = s->key_set();

  // Just before the rotation is due nothing changes, and the set is not rebuilt.
  clock_.advance(6h - 1s);
  ASSERT_TRUE(s->check());
  EXPECT_EQ(s->key_set(), set0);
  EXPECT_EQ(kid_of(sign(*s)), k1);

  // 6h: the pre-published k2 signs; k1 stays for tokens it signed; k3 is published ahead.
  clock_.advance(1s);
  ASSERT_TRUE(s->check());
  Kids step1 = published(*s);
  ASSERT_EQ(step1.size(), 3u);
  EXPECT_EQ(step1[0], k2);
  EXPECT_EQ(step1[1], k1);
  const std::string k3 = step1[2];
  EXPECT_FALSE(contains(step0, k3));
  EXPECT_EQ(kid_of(sign(*s)), k2);
  EXPECT_TRUE(verifies_with_published(*s, token_k1));
  std::string token_k2 = sign(*s);

  // 12h: k1 retired 6h ago with an 8h lifetime, so it is still needed.
  clock_.advance(6h);
  ASSERT_TRUE(s->check());
  EXPECT_EQ(published(*s), (Kids{k3, k1, k2, published(*s).back()}));
  const std::string k4 = published(*s).back();
  EXPECT_EQ(kid_of(sign(*s)), k3);
  EXPECT_TRUE(verifies_with_published(*s, token_k1));
  EXPECT_TRUE(verifies_with_published(*s, token_k2));

  // 18h: every token k1 signed expired at 14h, so the rotation drops it; k2's are still valid.
  clock_.advance(6h);
  ASSERT_TRUE(s->check());
  Kids step3 = published(*s);
  EXPECT_FALSE(contains(step3, k1));
  EXPECT_EQ(step3[0], k4);
  EXPECT_EQ(step3[1], k2);
  EXPECT_EQ(step3[2], k3);
  EXPECT_EQ(step3.size(), 4u);
  EXPECT_FALSE(verifies_with_published(*s, token_k1));
  EXPECT_TRUE(verifies_with_published(*s, token_k2));
}

TEST_F(LocalSignerTest, EveryKeyIsPublishedAPeriodBeforeItSigns) {
  auto s = make(options_);
  ASSERT_TRUE(s->start());
  std::map<std::string, base::Time> first_seen;
  auto observe = [&] {
    for (const auto& kid : published(*s)) first_seen.emplace(kid, clock_.now());
  };
  observe();
  for (int step = 0; step < 6; ++step) {
    clock_.advance(6h);
    ASSERT_TRUE(s->check());
    std::string signer_kid = kid_of(sign(*s));
    ASSERT_TRUE(first_seen.contains(signer_kid)) << "step " << step << ": signs with a key /keys never showed";
    EXPECT_GE(clock_.now() - first_seen[signer_kid], 6h);
    observe();
  }
}

TEST_F(LocalSignerTest, LateCheckRotatesOnceAndDropsEverythingExpired) {
  auto s = make(options_);
  ASSERT_TRUE(s->start());
  Kids before = published(*s);
  // Down for three days: one rotation, not twelve, and only the retired key plus the new next remain.
  clock_.advance(72h);
  ASSERT_TRUE(s->check());
  Kids after = published(*s);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[1], before[0]);
  EXPECT_EQ(stored().next_rotation, t0_ + 72h + 6h);
}

TEST_F(LocalSignerTest, ReplicasOnOneStoreRotateOnceAndAdopt) {
  auto a = make(options_);
  auto b = make(options_);
  ASSERT_TRUE(a->start());
  storage::Keys after_a = stored();
  ASSERT_TRUE(b->start());
  EXPECT_EQ(stored(), after_a) << "the second replica adopts the keys instead of rotating";
  EXPECT_EQ(published(*a), published(*b));

  clock_.advance(6h);
  // Both replicas check at the same moment, as their timers will.
  std::atomic<bool> go = false;
  std::thread ta([&] {
    while (!go) std::this_thread::yield();
    EXPECT_TRUE(a->check());
  });
  std::thread tb([&] {
    while (!go) std::this_thread::yield();
    EXPECT_TRUE(b->check());
  });
  go = true;
  ta.join();
  tb.join();
  storage::Keys keys = stored();
  EXPECT_EQ(keys.next_rotation, t0_ + 12h);
  // One rotation: the retired key and one new next key, not two of each.
  EXPECT_EQ(keys.verification_keys.size(), 2u);
  EXPECT_EQ(published(*a), published(*b));
  EXPECT_EQ(kid_of(sign(*a)), kid_of(sign(*b)));
  EXPECT_EQ(published(*a).size(), 3u);

  // A replica that was not checking meanwhile adopts the rotation on its next check.
  auto c = make(options_);
  ASSERT_TRUE(c->start());
  clock_.advance(6h);
  ASSERT_TRUE(a->check());
  EXPECT_NE(published(*b), published(*a));
  storage::Keys rotated = stored();
  ASSERT_TRUE(b->check());
  ASSERT_TRUE(c->check());
  EXPECT_EQ(stored(), rotated);
  EXPECT_EQ(published(*b), published(*a));
  EXPECT_EQ(published(*c), published(*a));
  EXPECT_TRUE(verifies_with_published(*c, sign(*a)));
}

TEST_F(LocalSignerTest, Es256) {
  auto s = make({.rotation_period = 6h, .id_token_ttl = 8h, .algorithm = jose::Algorithm::kES256});
  ASSERT_TRUE(s->start());
  EXPECT_EQ(s->algorithm(), jose::Algorithm::kES256);
  auto set = s->key_set();
  ASSERT_TRUE(set);
  EXPECT_EQ(set->algorithm, jose::Algorithm::kES256);
  nlohmann::ordered_json jwks = nlohmann::ordered_json::parse(set->jwks_json);
  const nlohmann::ordered_json& first = jwks["keys"][0];
  std::vector<std::string> members;
  for (const auto& [k, v] : first.items()) members.push_back(k);
  EXPECT_EQ(members, (std::vector<std::string>{"use", "kty", "kid", "crv", "alg", "x", "y"}));
  EXPECT_EQ(first["crv"], "P-256");
  EXPECT_EQ(first["alg"], "ES256");

  std::string token = sign(*s);
  auto jws = jose::parse_compact(token);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->alg, jose::Algorithm::kES256);
  EXPECT_TRUE(verifies_with_published(*s, token));

  clock_.advance(6h);
  ASSERT_TRUE(s->check());
  std::string after = sign(*s);
  EXPECT_TRUE(verifies_with_published(*s, after));
  EXPECT_TRUE(verifies_with_published(*s, token));
}

TEST_F(LocalSignerTest, AlgorithmChangeAppliesAtTheNextRotation) {
  auto rsa = make(options_);
  ASSERT_TRUE(rsa->start());
  const std::string pending_rsa = published(*rsa)[1];

  // Restarted with ES256 (as dex: the change applies at the next rotation).
  auto ec = make({.rotation_period = 6h, .id_token_ttl = 8h, .algorithm = jose::Algorithm::kES256});
  ASSERT_TRUE(ec->start());
  EXPECT_EQ(ec->algorithm(), jose::Algorithm::kRS256);
  clock_.advance(6h);
  ASSERT_TRUE(ec->check());
  EXPECT_EQ(ec->algorithm(), jose::Algorithm::kES256);
  std::string token = sign(*ec);
  EXPECT_EQ(jose::parse_compact(token)->alg, jose::Algorithm::kES256);
  EXPECT_TRUE(verifies_with_published(*ec, token));
  // The pending RSA key will never sign, so it is no longer published.
  EXPECT_FALSE(contains(published(*ec), pending_rsa));
  EXPECT_EQ(published(*ec).size(), 3u);
}

TEST_F(LocalSignerTest, KeysWrittenByDexGainANextKeyWithoutRotating) {
  // dex writes the private JWK without dexcc's pending key.
  auto key = jose::Key::generate_rsa(2048);
  ASSERT_TRUE(key);
  jose::Jwk jwk{std::move(*key), std::string(40, 'a'), "RS256", "sig"};
  storage::Keys dex_keys{.signing_key = jose::jwk_private_json(jwk)->dump(),
                         .signing_key_pub = jose::jwk_public_json(jwk)->dump(),
                         .next_rotation = t0_ + 2h};
  ASSERT_TRUE(store_->update_keys([&](storage::Keys) -> storage::Result<storage::Keys> { return dex_keys; }));

  auto s = make(options_);
  ASSERT_TRUE(s->start());
  EXPECT_EQ(kid_of(sign(*s)), jwk.kid);
  storage::Keys keys = stored();
  EXPECT_EQ(keys.next_rotation, t0_ + 2h);
  EXPECT_EQ(keys.signing_key_pub, dex_keys.signing_key_pub);
  Kids kids = published(*s);
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(kids[0], jwk.kid);

  // At dex's rotation time the key published ahead takes over.
  clock_.advance(2h);
  ASSERT_TRUE(s->check());
  EXPECT_EQ(kid_of(sign(*s)), kids[1]);
}

// Storage that can be told to fail, to see the signer keep its keys.
class FlakyKeyStore final : public storage::KeyStore {
 public:
  explicit FlakyKeyStore(storage::KeyStore& inner) : inner_(inner) {}
  storage::Result<storage::Keys> get_keys() override {
    if (failing) return std::unexpected(storage::Error{storage::ErrorKind::kOther, "database is down"});
    return inner_.get_keys();
  }
  storage::Result<void> update_keys(const storage::Updater<storage::Keys>& updater) override {
    if (failing) return std::unexpected(storage::Error{storage::ErrorKind::kOther, "database is down"});
    return inner_.update_keys(updater);
  }
  bool failing = false;

 private:
  storage::KeyStore& inner_;
};

TEST_F(LocalSignerTest, StorageFailureKeepsTheCurrentKeys) {
  FlakyKeyStore flaky(*store_);
  flaky.failing = true;
  LocalSigner s(flaky, clock_, options_);
  auto started = s.start();
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().message.find("database is down"), std::string::npos);

  flaky.failing = false;
  ASSERT_TRUE(s.start());
  Kids before = published(s);
  clock_.advance(6h);
  flaky.failing = true;
  EXPECT_FALSE(s.check());
  EXPECT_EQ(published(s), before);
  EXPECT_TRUE(verifies_with_published(s, sign(s)));
}

TEST_F(LocalSignerTest, UnreadableStoredKeyFailsTheCheck) {
  ASSERT_TRUE(store_->update_keys([&](storage::Keys k) -> storage::Result<storage::Keys> {
    k.signing_key = "not json";
    k.signing_key_pub = "{}";
    k.next_rotation = t0_ + 1h;
    return k;
  }));
  auto s = make(options_);
  EXPECT_FALSE(s->start());
  EXPECT_EQ(s->key_set(), nullptr);
}

TEST_F(LocalSignerTest, BackgroundChecksRotateAndStopPromptly) {
  LocalOptions fast = options_;
  fast.check_interval = 5ms;
  auto s = make(fast);
  ASSERT_TRUE(s->start());
  auto before = s->key_set();
  s->run_in_background();
  clock_.advance(6h);
  // Real time only bounds the wait; the rotation itself follows the fake clock.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (s->key_set() == before && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_NE(s->key_set(), before);
  s->stop();
  s->stop();  // idempotent, and the destructor stops again
}

TEST(CheckInterval, IsDexs30SecondsUnlessThePeriodIsShorterThanAMinute) {
  EXPECT_EQ(check_interval_for(6h), 30s);
  EXPECT_EQ(check_interval_for(60s), 30s);
  EXPECT_EQ(check_interval_for(10s), 5s);
  EXPECT_EQ(check_interval_for(1s), 1s);  // never busier than once a second
}

}  // namespace
}  // namespace dexcc::signer
