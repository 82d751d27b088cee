// JWT claims: parsing, NumericDate reading, and the exp/nbf/iat/iss/aud checks at their edges.
#include "jose/jwt.h"

#include <gtest/gtest.h>

#include <chrono>

namespace dexcc::jose {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const base::Time kNow = base::from_unix_seconds(1'700'000'000);

ErrorKind check_kind(const json& claims, ClaimChecks checks) {
  auto ok = check_claims(claims, checks);
  return ok ? static_cast<ErrorKind>(-1) : ok.error().kind;
}
constexpr auto kPass = static_cast<ErrorKind>(-1);

TEST(JwtTest, ParseClaims) {
  auto claims = parse_claims(R"({"iss":"https://dex","exp":1})");
  ASSERT_TRUE(claims);
  EXPECT_EQ((*claims)["iss"], "https://dex");
  for (const char* bad : {"", "[]", "\"x\"", "1", "null", "{", "{\"a\":1}x"}) {
    EXPECT_EQ(parse_claims(bad).error().kind, ErrorKind::kMalformed) << bad;
  }
}

TEST(JwtTest, NumericDates) {
  json claims = {{"i", 1700000000}, {"f", 1700000000.25}, {"s", "1700000000"}, {"b", true},
                 {"n", nullptr},    {"big", 1e300},       {"neg", -5}};
  EXPECT_EQ(*numeric_date(claims, "i"), kNow);
  EXPECT_EQ(*numeric_date(claims, "f"), kNow + std::chrono::milliseconds(250));
  EXPECT_EQ(*numeric_date(claims, "missing"), std::nullopt);
  EXPECT_EQ(*numeric_date(claims, "n"), std::nullopt);
  EXPECT_EQ(*numeric_date(claims, "neg"), base::from_unix_seconds(-5));
  EXPECT_EQ(numeric_date(claims, "s").error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(numeric_date(claims, "b").error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(numeric_date(claims, "big").error().kind, ErrorKind::kMalformed);
}

TEST(JwtTest, Expiry) {
  json claims = {{"exp", 1700000000}};
  EXPECT_EQ(check_kind(claims, {.now = kNow - seconds(1)}), kPass);
  // As go-oidc (exp.Before(now)): still good at exactly exp, expired a microsecond later.
  EXPECT_EQ(check_kind(claims, {.now = kNow}), kPass);
  EXPECT_EQ(check_kind(claims, {.now = kNow + std::chrono::microseconds(1)}), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind(claims, {.now = kNow + seconds(5), .leeway = seconds(5)}), kPass);
  EXPECT_EQ(check_kind(claims, {.now = kNow + seconds(6), .leeway = seconds(5)}), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind(json::object(), {.now = kNow}), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind(json::object(), {.now = kNow, .require_exp = false}), kPass);
  EXPECT_EQ(check_kind({{"exp", "soon"}}, {.now = kNow}), ErrorKind::kMalformed);
}

TEST(JwtTest, NotBeforeAndIssuedAt) {
  json claims = {{"exp", 1800000000}, {"nbf", 1700000000}, {"iat", 1700000000}};
  EXPECT_EQ(check_kind(claims, {.now = kNow}), kPass);
  EXPECT_EQ(check_kind(claims, {.now = kNow - seconds(1)}), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind(claims, {.now = kNow - seconds(1), .leeway = seconds(1)}), kPass);
  json future_iat = {{"exp", 1800000000}, {"iat", 1700000100}};
  EXPECT_EQ(check_kind(future_iat, {.now = kNow}), kPass);  // go-oidc ignores iat
  EXPECT_EQ(check_kind(future_iat, {.now = kNow, .check_iat = true}), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind(future_iat, {.now = kNow, .leeway = seconds(100), .check_iat = true}), kPass);
  EXPECT_EQ(check_kind({{"exp", 1800000000}, {"iat", "x"}}, {.now = kNow}), ErrorKind::kMalformed);
}

TEST(JwtTest, IssuerAndAudience) {
  json single = {{"exp", 1800000000}, {"iss", "https://dex.example.com"}, {"aud", "app"}};
  json many = {{"exp", 1800000000}, {"iss", "https://dex.example.com"}, {"aud", {"other", "app"}}};
  ClaimChecks checks{.now = kNow, .issuer = "https://dex.example.com", .audience = "app"};
  EXPECT_EQ(check_kind(single, checks), kPass);
  EXPECT_EQ(check_kind(many, checks), kPass);
  EXPECT_TRUE(has_audience(many, "other"));
  EXPECT_FALSE(has_audience(many, "ap"));
  EXPECT_FALSE(has_audience({{"aud", 5}}, "5"));
  EXPECT_FALSE(has_audience({{"aud", {1, "x"}}}, "1"));

  ClaimChecks wrong_iss = checks;
  wrong_iss.issuer = "https://dex.example.com/";
  EXPECT_EQ(check_kind(single, wrong_iss), ErrorKind::kInvalidClaims);
  ClaimChecks wrong_aud = checks;
  wrong_aud.audience = "nobody";
  EXPECT_EQ(check_kind(many, wrong_aud), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind({{"exp", 1800000000}, {"iss", 1}}, checks), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind({{"exp", 1800000000}}, checks), ErrorKind::kInvalidClaims);
  EXPECT_EQ(check_kind({{"exp", 1800000000}}, {.now = kNow}), kPass);
}

}  // namespace
}  // namespace dexcc::jose
