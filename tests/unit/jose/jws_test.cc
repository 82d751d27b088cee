// Compact JWS: RFC 7515 A.2/A.3 vectors, and every way a token must be refused.
#include "jose/jws.h"

#include <gtest/gtest.h>

#include <string>

#include "base/base64.h"
#include "jose/jws_signer.h"
#include "test_keys.h"

namespace dexcc::jose {
namespace {

using testing::key_from_jwk;
using testing::kRfc7515A2Jwk;
using testing::kRfc7515A2Token;
using testing::kRfc7515A3Jwk;
using testing::kRfc7515A3Token;
using testing::kRfc7515Payload;
using testing::with_segment;

ErrorKind verify_kind(std::string_view token, const Key& key) {
  auto jws = parse_compact(token);
  if (!jws) return jws.error().kind;
  auto ok = verify_signature(*jws, key);
  return ok ? static_cast<ErrorKind>(-1) : ok.error().kind;
}

TEST(JwsTest, Rfc7515A2VerifiesAndParses) {
  Key key = key_from_jwk(kRfc7515A2Jwk);
  auto jws = parse_compact(kRfc7515A2Token);
  ASSERT_TRUE(jws) << jws.error().message;
  EXPECT_EQ(jws->alg, Algorithm::kRS256);
  EXPECT_EQ(jws->kid, "");
  EXPECT_EQ(jws->payload, kRfc7515Payload);
  EXPECT_EQ(jws->signature.size(), 256u);
  EXPECT_TRUE(verify_signature(*jws, key));
  EXPECT_TRUE(verify_signature(*jws, *key.public_key()));
}

// PKCS#1 v1.5 is deterministic, so signing the RFC's input must give the RFC's exact token.
TEST(JwsTest, Rfc7515A2SignsByteForByte) {
  auto signer = JwsSigner::create(key_from_jwk(kRfc7515A2Jwk), Algorithm::kRS256, "");
  ASSERT_TRUE(signer);
  auto token = signer->sign(kRfc7515Payload);
  ASSERT_TRUE(token);
  EXPECT_EQ(*token, kRfc7515A2Token);
}

TEST(JwsTest, Rfc7515A3Verifies) {
  Key key = key_from_jwk(kRfc7515A3Jwk);
  auto jws = parse_compact(kRfc7515A3Token);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->alg, Algorithm::kES256);
  EXPECT_EQ(jws->payload, kRfc7515Payload);
  EXPECT_TRUE(verify_signature(*jws, key));
  EXPECT_TRUE(verify_signature(*jws, *key.public_key()));
}

TEST(JwsTest, TamperedPayloadOrSignatureFails) {
  Key rsa = key_from_jwk(kRfc7515A2Jwk);
  Key ec = key_from_jwk(kRfc7515A3Jwk);
  std::string other_payload = R"({"iss":"joe","exp":1300819380,"http://example.com/is_root":false})";
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A2Token, 1, other_payload), rsa), ErrorKind::kBadSignature);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A3Token, 1, other_payload), ec), ErrorKind::kBadSignature);

  for (auto [token, key] : {std::pair{kRfc7515A2Token, &rsa}, {kRfc7515A3Token, &ec}}) {
    auto jws = parse_compact(token);
    ASSERT_TRUE(jws);
    // Flip one bit in each position class: first byte, middle, last byte.
    for (size_t at : {size_t{0}, jws->signature.size() / 2, jws->signature.size() - 1}) {
      std::string sig = jws->signature;
      sig[at] = static_cast<char>(sig[at] ^ 0x01);
      std::string bad = with_segment(token, 2, sig);
      EXPECT_EQ(verify_kind(bad, *key), ErrorKind::kBadSignature) << at;
    }
  }
}

TEST(JwsTest, WrongSignatureLengthFails) {
  Key rsa = key_from_jwk(kRfc7515A2Jwk);
  Key ec = key_from_jwk(kRfc7515A3Jwk);
  auto rsa_jws = parse_compact(kRfc7515A2Token);
  auto ec_jws = parse_compact(kRfc7515A3Token);
  ASSERT_TRUE(rsa_jws && ec_jws);
  // A leading zero byte dropped: OpenSSL alone would left-pad and accept; Go (and we) refuse.
  std::string rsa_short = rsa_jws->signature.substr(1);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A2Token, 2, rsa_short), rsa), ErrorKind::kBadSignature);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A2Token, 2, rsa_jws->signature + "x"), rsa),
            ErrorKind::kBadSignature);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A2Token, 2, std::string(1, '\0') + rsa_jws->signature), rsa),
            ErrorKind::kBadSignature);
  // ECDSA in DER form, or r||s of the wrong size.
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A3Token, 2, ec_jws->signature.substr(0, 63)), ec),
            ErrorKind::kBadSignature);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A3Token, 2, ec_jws->signature + "x"), ec),
            ErrorKind::kBadSignature);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A3Token, 2, std::string(64, '\0')), ec),
            ErrorKind::kBadSignature);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A3Token, 2, std::string(64, '\xff')), ec),
            ErrorKind::kBadSignature);
}

TEST(JwsTest, AlgNoneIsRefused) {
  // RFC 7515 A.5, the unsecured JWS, with and without a signature segment.
  std::string none =
      "eyJhbGciOiJub25lIn0"
      ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";
  EXPECT_EQ(parse_compact(none).error().kind, ErrorKind::kMalformed);
  auto with_sig = with_segment(kRfc7515A2Token, 0, R"({"alg":"none"})");
  EXPECT_EQ(parse_compact(with_sig).error().kind, ErrorKind::kUnsupported);
  for (const char* header : {R"({"alg":"None"})", R"({"alg":"HS256"})", R"({"alg":"EdDSA"})",
                             R"({"alg":"ES512"})", R"({"alg":"PS384"})", R"({"alg":""})"}) {
    EXPECT_EQ(parse_compact(with_segment(kRfc7515A2Token, 0, header)).error().kind, ErrorKind::kUnsupported)
        << header;
  }
}

TEST(JwsTest, AlgorithmMustSuitTheKey) {
  Key rsa = key_from_jwk(kRfc7515A2Jwk);
  Key ec = key_from_jwk(kRfc7515A3Jwk);
  // An RSA-signed token relabelled ES256, an ES256 token relabelled RS256, and the classic
  // "verify an RSA token with the EC key" mix-up.
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A2Token, 0, R"({"alg":"ES256"})"), rsa),
            ErrorKind::kKeyMismatch);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A3Token, 0, R"({"alg":"RS256"})"), ec), ErrorKind::kKeyMismatch);
  EXPECT_EQ(verify_kind(kRfc7515A2Token, ec), ErrorKind::kKeyMismatch);
  EXPECT_EQ(verify_kind(kRfc7515A3Token, rsa), ErrorKind::kKeyMismatch);
  // ES384 needs P-384; PS256 over a PKCS#1 v1.5 signature does not verify.
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A3Token, 0, R"({"alg":"ES384"})"), ec), ErrorKind::kKeyMismatch);
  EXPECT_EQ(verify_kind(with_segment(kRfc7515A2Token, 0, R"({"alg":"PS256"})"), rsa),
            ErrorKind::kBadSignature);
  // The right key of another instance.
  EXPECT_EQ(verify_kind(kRfc7515A2Token, testing::generated_rsa()), ErrorKind::kBadSignature);
  EXPECT_EQ(verify_kind(kRfc7515A3Token, testing::generated_p256()), ErrorKind::kBadSignature);
}

TEST(JwsTest, MalformedTokensAreRefused) {
  std::string t(kRfc7515A2Token);
  size_t first = t.find('.');
  size_t second = t.find('.', first + 1);
  const std::string cases[] = {
      "",
      ".",
      "..",
      "...",
      "abc",
      t.substr(0, second),                                                       // two segments
      t + ".",                                                                   // four segments
      t + "." + t.substr(second + 1),                                            // four segments
      t.substr(0, first) + "." + t.substr(first + 1, second - first - 1) + ".",  // empty signature
      "." + t.substr(first + 1),                                                 // empty header
      t.substr(0, 10),                                                           // truncated header
      t.substr(0, second + 13),                                                  // truncated signature
      t.substr(0, second) + ".!!!!",                                             // not base64url
      t.substr(0, second) + ".AAAA=",                                            // padding
      t.substr(0, second) + ".A",                                                // impossible length
      t.substr(0, second) + ".AB",                                               // non-zero trailing bits
      "eyJhbGciOiJSUzI1NiJ9=." + t.substr(first + 1),
      "e30." + t.substr(first + 1),                   // {} : no alg
      "W10." + t.substr(first + 1),                   // [] : not an object
      "bnVsbA." + t.substr(first + 1),                // null
      "eyJhbGciOjF9." + t.substr(first + 1),          // {"alg":1}
      "eyJhbGciOiJSUzI1NiIs." + t.substr(first + 1),  // truncated JSON
      "/+/+." + t.substr(first + 1),                  // standard alphabet
      t.substr(0, first) + "\n" + t.substr(first),    // whitespace
      std::string(kMaxCompactSize + 1, 'a'),
  };
  Key rsa = key_from_jwk(kRfc7515A2Jwk);
  for (const auto& token : cases) {
    auto jws = parse_compact(token);
    if (jws) {
      EXPECT_FALSE(verify_signature(*jws, rsa)) << token.substr(0, 80);
    } else {
      EXPECT_NE(jws.error().message, "") << token.substr(0, 80);
    }
  }
  EXPECT_EQ(parse_compact(cases[5]).error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(parse_compact(cases[13]).error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(parse_compact(cases[24]).error().kind, ErrorKind::kMalformed);
  // Only the signature segment was cut, so parsing succeeds and verification must fail.
  auto cut = parse_compact(cases[11]);
  ASSERT_TRUE(cut);
  EXPECT_EQ(verify_signature(*cut, rsa).error().kind, ErrorKind::kBadSignature);
}

TEST(JwsTest, HeaderKidAndCrit) {
  Key rsa = key_from_jwk(kRfc7515A2Jwk);
  auto kid = parse_compact(with_segment(kRfc7515A2Token, 0, R"({"alg":"RS256","kid":"k1","typ":"JWT"})"));
  ASSERT_TRUE(kid);
  EXPECT_EQ(kid->kid, "k1");
  EXPECT_EQ(kid->header["typ"], "JWT");
  EXPECT_EQ(parse_compact(with_segment(kRfc7515A2Token, 0, R"({"alg":"RS256","kid":7})")).error().kind,
            ErrorKind::kMalformed);
  EXPECT_EQ(parse_compact(with_segment(kRfc7515A2Token, 0, R"({"alg":"RS256","crit":["exp"],"exp":1})"))
                .error()
                .kind,
            ErrorKind::kUnsupported);
}

// Random bytes in every segment: never a crash, never a success.
TEST(JwsTest, JunkNeverVerifies) {
  Key rsa = key_from_jwk(kRfc7515A2Jwk);
  Key ec = key_from_jwk(kRfc7515A3Jwk);
  std::string junk;
  unsigned state = 12345;
  for (int round = 0; round < 500; ++round) {
    junk.clear();
    size_t len = round % 200;
    for (size_t i = 0; i < len; ++i) {
      state = state * 1103515245u + 12345u;
      junk += "AZaz09-_.{}\"="[(state >> 16) % 13];
    }
    auto jws = parse_compact(junk);
    if (jws) {
      EXPECT_FALSE(verify_signature(*jws, rsa));
      EXPECT_FALSE(verify_signature(*jws, ec));
    }
  }
}

TEST(JwsTest, VerifierChecksItsAlgorithm) {
  Key rsa = key_from_jwk(kRfc7515A2Jwk);
  auto verifier = JwsVerifier::create(*rsa.public_key(), Algorithm::kRS256);
  ASSERT_TRUE(verifier);
  auto good = parse_compact(kRfc7515A2Token);
  ASSERT_TRUE(good);
  EXPECT_TRUE(verifier->verify(*good));
  auto relabelled = parse_compact(with_segment(kRfc7515A2Token, 0, R"({"alg":"RS512"})"));
  ASSERT_TRUE(relabelled);
  EXPECT_EQ(verifier->verify(*relabelled).error().kind, ErrorKind::kKeyMismatch);
  EXPECT_EQ(JwsVerifier::create(rsa, Algorithm::kES256).error().kind, ErrorKind::kKeyMismatch);
}

}  // namespace
}  // namespace dexcc::jose
