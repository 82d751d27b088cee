// JWK import and export: RFC 7517 examples, go-jose's member order and validation, refusals.
#include "jose/jwk.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "base/base64.h"
#include "base/go_json.h"
#include "jose/jws_signer.h"
#include "test_keys.h"

namespace dexcc::jose {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using testing::key_from_jwk;

std::string public_text(const Jwk& jwk) {
  return base::go_json_dump(*jwk_public_json(jwk));
}
std::string private_text(const Jwk& jwk) {
  return base::go_json_dump(*jwk_private_json(jwk));
}

std::vector<std::string> member_names(const ordered_json& object) {
  std::vector<std::string> names;
  for (const auto& [name, value] : object.items()) names.push_back(name);
  return names;
}

TEST(JwkTest, Rfc7517A1PublicKeys) {
  auto ec = parse_jwk(testing::kRfc7517A1Ec);
  ASSERT_TRUE(ec) << ec.error().message;
  EXPECT_EQ(ec->key.type(), KeyType::kEc);
  EXPECT_EQ(ec->key.curve(), Curve::kP256);
  EXPECT_FALSE(ec->key.has_private());
  EXPECT_EQ(ec->kid, "1");
  EXPECT_EQ(ec->use, "enc");
  EXPECT_EQ(ec->alg, "");
  EXPECT_EQ(
      public_text(*ec),
      R"({"use":"enc","kty":"EC","kid":"1","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",)"
      R"("y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"})");

  auto rsa = parse_jwk(testing::kRfc7517A1Rsa);
  ASSERT_TRUE(rsa) << rsa.error().message;
  EXPECT_EQ(rsa->key.type(), KeyType::kRsa);
  EXPECT_EQ(rsa->key.bits(), 2048);
  EXPECT_FALSE(rsa->key.has_private());
  EXPECT_EQ(public_text(*rsa), std::string(R"({"kty":"RSA","kid":"2011-04-29","alg":"RS256","n":")") +
                                   std::string(testing::kRfc7517RsaN) + R"(","e":"AQAB"})");
  EXPECT_EQ(jwk_private_json(*rsa).error().kind, ErrorKind::kKeyMismatch);
}

TEST(JwkTest, Rfc7517A2PrivateKeysRoundTrip) {
  auto rsa = parse_jwk(testing::kRfc7517A2Rsa);
  ASSERT_TRUE(rsa) << rsa.error().message;
  EXPECT_TRUE(rsa->key.has_private());
  auto out = jwk_private_json(*rsa);
  ASSERT_TRUE(out);
  EXPECT_EQ(member_names(*out),
            (std::vector<std::string>{"kty", "kid", "alg", "n", "e", "d", "p", "q", "dp", "dq", "qi"}));
  json in = json::parse(testing::kRfc7517A2Rsa);
  for (const char* m : {"n", "e", "d", "p", "q", "dp", "dq", "qi"}) EXPECT_EQ((*out)[m], in[m]) << m;

  json ec_in = json::parse(testing::kRfc7517A1Ec);
  ec_in["d"] = testing::kRfc7517A2EcD;
  auto ec = jwk_from_json(ec_in);
  ASSERT_TRUE(ec) << ec.error().message;
  EXPECT_TRUE(ec->key.has_private());
  EXPECT_EQ(
      private_text(*ec),
      R"({"use":"enc","kty":"EC","kid":"1","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",)"
      R"("y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","d":"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE"})");
}

TEST(JwkTest, Rfc7517BIgnoresX5c) {
  auto jwk = parse_jwk(testing::kRfc7517B);
  ASSERT_TRUE(jwk) << jwk.error().message;
  EXPECT_EQ(jwk->kid, "1b94c");
  EXPECT_EQ(jwk->use, "sig");
  auto out = jwk_public_json(*jwk);
  EXPECT_EQ(member_names(*out), (std::vector<std::string>{"use", "kty", "kid", "n", "e"}));
  EXPECT_EQ((*out)["n"], json::parse(testing::kRfc7517B)["n"]);
}

// dex stores the signing key as go-jose marshals it and serves the public half at /keys.
TEST(JwkTest, DexShapedKeys) {
  Jwk rsa{testing::generated_rsa(), "6f1c0e57e5d7cbd1b2ac3d16ef6b8b7a1c5e9f00", "RS256", "sig"};
  auto pub = jwk_public_json(rsa);
  ASSERT_TRUE(pub);
  EXPECT_EQ(member_names(*pub), (std::vector<std::string>{"use", "kty", "kid", "alg", "n", "e"}));
  EXPECT_EQ((*pub)["e"], "AQAB");
  EXPECT_EQ((*pub)["n"].get<std::string>().size(), 342u);  // 256 bytes
  auto priv = jwk_private_json(rsa);
  ASSERT_TRUE(priv);
  EXPECT_EQ(member_names(*priv), (std::vector<std::string>{"use", "kty", "kid", "alg", "n", "e", "d", "p",
                                                           "q", "dp", "dq", "qi"}));

  Jwk ec{testing::generated_p256(), "kid", "ES256", "sig"};
  auto ec_priv = jwk_private_json(ec);
  ASSERT_TRUE(ec_priv);
  EXPECT_EQ(member_names(*ec_priv),
            (std::vector<std::string>{"use", "kty", "kid", "crv", "alg", "x", "y", "d"}));

  // Text round trip: what dex reads back is the same key with the same members.
  for (const Jwk* jwk : {&rsa, &ec}) {
    std::string text = private_text(*jwk);
    auto back = parse_jwk(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_TRUE(back->key.has_private());
    EXPECT_TRUE(back->key.same_public_key(jwk->key));
    EXPECT_EQ(private_text(*back), text);
    EXPECT_EQ(public_text(*back), public_text(*jwk));
  }
}

// A re-imported private key signs exactly as the original (RS256 is deterministic).
TEST(JwkTest, ImportedRsaKeySignsIdentically) {
  Jwk original{testing::generated_rsa(), "", "", ""};
  auto again = parse_jwk(private_text(original));
  ASSERT_TRUE(again);
  auto a = JwsSigner::create(original.key, Algorithm::kRS256, "k");
  auto b = JwsSigner::create(again->key, Algorithm::kRS256, "k");
  EXPECT_EQ(*a->sign("payload"), *b->sign("payload"));
}

// Go may hand primes in either order; with p < q (and qi recomputed) the key must sign the same.
TEST(JwkTest, SwappedPrimesSignIdentically) {
  json swapped = json::parse(testing::kRfc7515A2Jwk);
  std::swap(swapped["p"], swapped["q"]);
  std::swap(swapped["dp"], swapped["dq"]);
  swapped.erase("qi");
  auto jwk = jwk_from_json(swapped);
  ASSERT_TRUE(jwk) << jwk.error().message;
  auto signer = JwsSigner::create(jwk->key, Algorithm::kRS256, "");
  EXPECT_EQ(*signer->sign(testing::kRfc7515Payload), testing::kRfc7515A2Token);
  auto out = jwk_private_json(*jwk);
  EXPECT_EQ((*out)["p"], swapped["p"]);  // the order given is the order kept
}

// Coordinates and d keep their leading zero bytes (RFC 7518 §6.2.1.2, go-jose's fixed-size buffers).
TEST(JwkTest, EcMembersArePaddedToTheCurveSize) {
  int padded_seen = 0;
  for (int i = 0; i < 2000 && padded_seen < 3; ++i) {
    auto key = Key::generate_ec(Curve::kP256);
    ASSERT_TRUE(key);
    auto out = jwk_private_json(Jwk{*key, "", "", ""});
    ASSERT_TRUE(out);
    bool leading_zero = false;
    for (const char* m : {"x", "y", "d"}) {
      const auto& v = (*out)[m].get_ref<const std::string&>();
      ASSERT_EQ(v.size(), 43u) << m;
      auto raw = base::base64url_decode(v);
      ASSERT_TRUE(raw && raw->size() == 32u) << m;
      leading_zero |= (*raw)[0] == '\0';  // about 3 keys in 256 have one; 2000 tries never miss
    }
    if (!leading_zero) continue;
    ++padded_seen;
    auto back = parse_jwk(base::go_json_dump(*out));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_TRUE(back->key.same_public_key(*key));
  }
  EXPECT_GT(padded_seen, 0);
  auto p384 = jwk_private_json(Jwk{testing::generated_p384(), "", "", ""});
  for (const char* m : {"x", "y", "d"}) EXPECT_EQ((*p384)[m].get_ref<const std::string&>().size(), 64u);
}

TEST(JwkTest, CrtValuesAreComputedWhenAbsentAndCheckedWhenPresent) {
  json full = json::parse(testing::kRfc7517A2Rsa);
  json bare = full;
  bare.erase("dp");
  bare.erase("dq");
  bare.erase("qi");
  auto jwk = jwk_from_json(bare);
  ASSERT_TRUE(jwk) << jwk.error().message;
  auto out = jwk_private_json(*jwk);
  for (const char* m : {"dp", "dq", "qi"}) EXPECT_EQ((*out)[m], full[m]) << m;

  json wrong = full;
  wrong["qi"] = full["dp"];
  EXPECT_EQ(jwk_from_json(wrong).error().kind, ErrorKind::kMalformed);
  json swapped = full;
  swapped["d"] = json::parse(testing::kRfc7515A2Jwk)["d"];
  EXPECT_EQ(jwk_from_json(swapped).error().kind, ErrorKind::kMalformed);
  json other_q = full;
  other_q["q"] = full["p"];
  EXPECT_EQ(jwk_from_json(other_q).error().kind, ErrorKind::kMalformed);
}

TEST(JwkTest, NullMembersCountAsAbsent) {
  json ec = json::parse(testing::kRfc7517A1Ec);
  ec["d"] = nullptr;
  ec["alg"] = nullptr;
  auto jwk = jwk_from_json(ec);
  ASSERT_TRUE(jwk) << jwk.error().message;
  EXPECT_FALSE(jwk->key.has_private());
  EXPECT_EQ(jwk->alg, "");
}

TEST(JwkTest, Refusals) {
  json ec = json::parse(testing::kRfc7517A1Ec);
  json rsa = json::parse(testing::kRfc7517A1Rsa);
  json rsa_priv = json::parse(testing::kRfc7517A2Rsa);
  auto kind = [](const json& j) {
    auto r = jwk_from_json(j);
    return r ? static_cast<ErrorKind>(-1) : r.error().kind;
  };
  auto with = [](json j, const char* member, json value) {
    if (value.is_discarded()) {
      j.erase(member);
    } else {
      j[member] = std::move(value);
    }
    return j;
  };
  const json removed(json::value_t::discarded);

  EXPECT_EQ(kind(json::array()), ErrorKind::kMalformed);
  EXPECT_EQ(kind(json("RSA")), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa, "kty", removed)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa, "kty", "oct")), ErrorKind::kUnsupported);
  EXPECT_EQ(kind(with(rsa, "kty", "OKP")), ErrorKind::kUnsupported);
  EXPECT_EQ(kind(with(rsa, "kty", "rsa")), ErrorKind::kUnsupported);
  EXPECT_EQ(kind(with(rsa, "kty", 1)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa, "kid", 1)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa, "use", json::array())), ErrorKind::kMalformed);
  // RSA members.
  EXPECT_EQ(kind(with(rsa, "n", removed)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa, "e", removed)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa, "n", "not base64!")), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa, "e", "AQAC")), ErrorKind::kUnsupported);      // even exponent
  EXPECT_EQ(kind(with(rsa, "e", "AQ")), ErrorKind::kUnsupported);        // e = 1
  EXPECT_EQ(kind(with(rsa, "e", "AQAAAAAB")), ErrorKind::kUnsupported);  // 2^40 + 1
  EXPECT_EQ(kind(with(rsa, "n", "AQAB")), ErrorKind::kUnsupported);      // far too small
  EXPECT_EQ(kind(with(rsa_priv, "q", removed)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa_priv, "p", removed)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(rsa_priv, "d", 5)), ErrorKind::kMalformed);
  // EC members.
  EXPECT_EQ(kind(with(ec, "crv", removed)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(ec, "crv", "P-521")), ErrorKind::kUnsupported);
  EXPECT_EQ(kind(with(ec, "crv", "secp256k1")), ErrorKind::kUnsupported);
  EXPECT_EQ(kind(with(ec, "crv", "P-384")), ErrorKind::kMalformed);  // 32-byte coordinates
  EXPECT_EQ(kind(with(ec, "x", removed)), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(ec, "y", "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFy")),
            ErrorKind::kMalformed);  // 31 bytes
  EXPECT_EQ(kind(with(ec, "y", "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyA")),
            ErrorKind::kMalformed);  // off curve
  EXPECT_EQ(kind(with(ec, "d", "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eA")),
            ErrorKind::kMalformed);  // 31 bytes
  // d of another key: the pair does not match.
  EXPECT_EQ(kind(with(ec, "d", "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI")), ErrorKind::kMalformed);
  EXPECT_EQ(kind(with(ec, "d", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), ErrorKind::kMalformed);

  EXPECT_EQ(parse_jwk(std::string_view("{")).error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(parse_jwk(std::string_view("")).error().kind, ErrorKind::kMalformed);
}

TEST(JwkTest, KeySets) {
  std::string set = std::string(R"({"keys":[)") + std::string(testing::kRfc7517A1Ec) + "," +
                    std::string(testing::kRfc7517A1Rsa) + R"(,{"kty":"oct","k":"GawgguFyGrWKav7AX4VKUg"},)" +
                    R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},)" +
                    R"({"kty":"EC","crv":"P-521","x":"AA","y":"AA"}]})";
  auto keys = parse_jwk_set(set);
  ASSERT_TRUE(keys) << keys.error().message;
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].kid, "1");
  EXPECT_EQ((*keys)[1].kid, "2011-04-29");

  EXPECT_TRUE(parse_jwk_set(R"({"keys":[]})")->empty());
  EXPECT_EQ(parse_jwk_set(R"({"keys":[{"kty":"RSA","n":"AQAB"}]})").error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(parse_jwk_set(R"({"keys":{}})").error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(parse_jwk_set(R"({})").error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(parse_jwk_set(R"([])").error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(parse_jwk_set("nope").error().kind, ErrorKind::kMalformed);
}

}  // namespace
}  // namespace dexcc::jose
