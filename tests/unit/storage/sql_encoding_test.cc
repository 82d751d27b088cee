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
  EXPECT_FALSE(decode_string_list(R"(["a",])", "c").has_value());
  EXPECT_FALSE(decode_string_list(R"(["a"] x)", "c").has_value());
  EXPECT_EQ(decode_string_list(R"({"a":1})", "c").error().message, "decode c: not a JSON array");
  EXPECT_EQ(decode_string_list("nul", "c").error().message, "decode c: invalid JSON");
  // As Go: a null element is an empty string, a broken UTF-8 byte is U+FFFD.
  EXPECT_EQ(*decode_string_list("[null,\"\\u00e9\xff\"]", "c"), (std::vector<std::string>{"", "\xC3\xA9\xEF\xBF\xBD"}));
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

TEST(SqlEncoding, RefreshRefsReadAsGoReadsThem) {
  // Unknown members of any shape are skipped; a null field leaves it unset; the last duplicate wins.
  auto refs = decode_refresh_refs(
      R"({"a":{"Extra":[1,{"x":null}],"ID":"first","id":"second","ClientID":null,"LastUsed":null},"b":null})");
  ASSERT_TRUE(refs.has_value()) << refs.error().message;
  ASSERT_EQ(refs->size(), 1u);
  EXPECT_EQ(refs->at("a").id, "second");
  EXPECT_EQ(refs->at("a").client_id, "");
  EXPECT_EQ(refs->at("a").last_used, kZeroTime);
  EXPECT_EQ(decode_refresh_refs(R"({"a":{"ID":"x"},"a":{"ID":"y"}})")->at("a").id, "y");

  auto message = [](std::string_view json) { return decode_refresh_refs(json).error().message; };
  EXPECT_EQ(message("[]"), "decode offline_session.refresh: not a JSON object");
  EXPECT_EQ(message(R"({"a":1})"), "decode offline_session.refresh: entry is not an object");
  EXPECT_EQ(message(R"({"a":{"ID":7}})"), "decode offline_session.refresh: ID is not a string");
  EXPECT_EQ(message(R"({"a":{"LastUsed":true}})"), "decode offline_session.refresh: LastUsed is not a time");
  // Times that could not be written back: the year in UTC is outside 0000-9999.
  EXPECT_EQ(message(R"({"a":{"CreatedAt":"9999-12-31T23:59:59-01:00"}})"),
            "decode offline_session.refresh: CreatedAt is not an RFC 3339 time");
  EXPECT_EQ(message(R"({"a":{"CreatedAt":"0000-01-01T00:00:00+01:00"}})"),
            "decode offline_session.refresh: CreatedAt is not an RFC 3339 time");
  EXPECT_TRUE(decode_refresh_refs(R"({"a":{"CreatedAt":"9999-12-31T22:59:59-01:00"}})").has_value());
  for (std::string_view broken : {"", "{", R"({"a":{"ID":"x"})", R"({"a":{"ID":"x"}}})", R"({"a":{"ID":"x",}})",
                                  R"({"a":{"Other":tru}})", R"({"a" {}})"}) {
    EXPECT_EQ(message(broken), "decode offline_session.refresh: invalid JSON") << broken;
  }
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
