// SQL value encodings: Go's exact output when writing, Go's leniency when reading.
#include "storage/sql/encoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace dexcc::storage::sql {
namespace {

using namespace std::chrono;

TEST(SqlEncoding, StringLists) {
  EXPECT_EQ(encode_string_list({}), "null");
  EXPECT_EQ(encode_string_list({"a", "b&c", "<d>"}), R"(["a","b\u0026c","\u003cd\u003e"])");
  EXPECT_EQ(*decode_string_list("null", "c"), std::vector<std::string>{});
  EXPECT_EQ(*decode_string_list("[]", "c"), std::vector<std::string>{});
  EXPECT_EQ(*decode_string_list(R"([ "x", "\u0026" ])", "c"), (std::vector<std::string>{"x", "&"}));
  auto bad = decode_string_list("[1]", "client.redirect_uris");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "decode client.redirect_uris: array element is not a string");
  EXPECT_FALSE(decode_string_list("{", "c").has_value());
}

TEST(SqlEncoding, RefreshRefsUseGoFieldNames) {
  Time t = Time(sys_days(year(2025) / 1 / 2)) + hours(3) + microseconds(5);
  std::map<std::string, RefreshTokenRef> refs{{"b", {"id2", "b", t, kZeroTime}}, {"a", {"id1", "a", t, t}}};
  EXPECT_EQ(encode_refresh_refs(refs),
            R"({"a":{"ID":"id1","ClientID":"a","CreatedAt":"2025-01-02T03:00:00.000005Z",)"
            R"("LastUsed":"2025-01-02T03:00:00.000005Z"},"b":{"ID":"id2","ClientID":"b",)"
            R"("CreatedAt":"2025-01-02T03:00:00.000005Z","LastUsed":"0001-01-01T00:00:00Z"}})");
  EXPECT_EQ(encode_refresh_refs({}), "{}");
  EXPECT_EQ(*decode_refresh_refs(encode_refresh_refs(refs)), refs);
  // Go's decoder matches field names case-insensitively and takes any offset.
  auto lenient =
      decode_refresh_refs(R"({"a":{"id":"x","clientid":"a","createdAt":"2025-01-02T05:00:00+02:00"}})");
  ASSERT_TRUE(lenient.has_value()) << lenient.error().message;
  EXPECT_EQ(lenient->at("a").id, "x");
  EXPECT_EQ(lenient->at("a").created_at, Time(sys_days(year(2025) / 1 / 2)) + hours(3));
  EXPECT_EQ(lenient->at("a").last_used, kZeroTime);
  EXPECT_TRUE(decode_refresh_refs("null")->empty());
  EXPECT_FALSE(decode_refresh_refs(R"({"a":{"CreatedAt":"yesterday"}})").has_value());
}

TEST(SqlEncoding, JwksKeepTheirMemberOrder) {
  Jwk jwk = R"({"use":"sig","kty":"RSA","kid":"k","alg":"RS256","n":"n","e":"AQAB"})";
  EXPECT_EQ(*encode_jwk(jwk, "c"), jwk);
  EXPECT_EQ(*encode_jwk("", "c"), "null");
  EXPECT_EQ(*encode_jwk(R"({ "kty" : "EC",  "use":"sig" })", "c"), R"({"kty":"EC","use":"sig"})")
      << "compacted";
  EXPECT_FALSE(encode_jwk("[1]", "c").has_value());
  EXPECT_EQ(*decode_jwk("null", "c"), "");
  EXPECT_EQ(*decode_jwk(jwk, "c"), jwk);

  std::vector<VerificationKey> keys{{jwk, Time(sys_days(year(2025) / 1 / 2))}};
  std::string text = *encode_verification_keys(keys);
  EXPECT_EQ(text, R"([{"publicKey":{"use":"sig","kty":"RSA","kid":"k","alg":"RS256","n":"n","e":"AQAB"},)"
                  R"("expiry":"2025-01-02T00:00:00Z"}])");
  EXPECT_EQ(*decode_verification_keys(text), keys);
  EXPECT_EQ(*encode_verification_keys({}), "null");
  EXPECT_TRUE(decode_verification_keys("null")->empty());
}

}  // namespace
}  // namespace dexcc::storage::sql
