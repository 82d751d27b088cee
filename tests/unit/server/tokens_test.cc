// The JWT minter, verifier and audience rules: every claim of dex's ID and access tokens, in dex's
// order and bytes (reference dex-server.md §5.1, §5.3-5.6, §5.8), and what the verifier refuses.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "fakes.h"
#include "jose/jws.h"
#include "server/tokens/audience.h"
#include "server/tokens/jwt_minter.h"
#include "server/tokens/verifier.h"

namespace dexcc::server::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// OpenID Connect Core appendix A: an access token and a code with their RS256 hashes.
constexpr char kAccessToken[] = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
constexpr char kAtHash[] = "77QmUPtjPfzWtF2AnpK9RQ";
constexpr char kCode[] = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
constexpr char kCHash[] = "LDktKdoQak3Pk0cnXxCltA";
constexpr char kPeerScope[] = "audience:server:client_id:peer";

std::unique_ptr<storage::Storage> clients_store() {
  return storage::with_static_clients(
      storage::memory::open(),
      {storage::Client{.id = "app", .secret = "s", .name = "The App"},
       storage::Client{.id = "peer", .secret = "p", .trusted_peers = {"app"}, .name = "Peer"},
       storage::Client{.id = "other-peer", .secret = "p", .trusted_peers = {"x", "app"}, .name = "Other Peer"},
       storage::Client{.id = "stranger", .secret = "p", .trusted_peers = {"someone-else"}, .name = "Stranger"}});
}

class TokensTest : public ::testing::Test {
 protected:
  // The claims text for `s` issued now with the minter's lifetime.
  std::string claims_text(const tokens::TokenSubject& s, std::string_view at = "", std::string_view code = "") const {
    auto text = minter_.claims_json(s, at, code, clock_.now(), clock_.now() + 24h);
    EXPECT_TRUE(text) << (text ? "" : text.error().debug);
    return text ? *text : std::string("{}");
  }
  json claims(const tokens::TokenSubject& s, std::string_view at = "", std::string_view code = "") const {
    return json::parse(claims_text(s, at, code));
  }
  // The payload of a compact JWS, unverified.
  static json payload(const std::string& jwt) {
    auto jws = jose::parse_compact(jwt);
    EXPECT_TRUE(jws);
    return jws ? json::parse(jws->payload) : json();
  }

  base::FakeClock clock_{base::Time(std::chrono::seconds(1700000000))};
  FixedSigner signer_;
  std::unique_ptr<storage::Storage> store_ = clients_store();
  tokens::JwtMinter minter_{kTestIssuer, signer_, *store_, clock_, 24h};
  tokens::TokenVerifier verifier_{kTestIssuer, signer_, clock_};
};

TEST_F(TokensTest, MinimalClaimsInDexOrder) {
  EXPECT_EQ(claims_text(test_subject({"openid"})),
            std::string(R"({"iss":"https://dex.example/dex","sub":")") + kTestSub +
                R"(","aud":"app","exp":1700086400,"iat":1700000000})");
}

TEST_F(TokensTest, EveryClaimInDexOrder) {
  auto s = test_subject({"openid", "email", "profile", "groups", "federated:id", kPeerScope, "offline_access"});
  s.nonce = "n-0S6_WzA2Mj";
  EXPECT_EQ(claims_text(s, kAccessToken, kCode),
            std::string(R"({"iss":"https://dex.example/dex","sub":")") + kTestSub +
                R"(","aud":["peer","app"],"exp":1700086400,"iat":1700000000,"azp":"app","nonce":"n-0S6_WzA2Mj",)"
                R"("at_hash":"77QmUPtjPfzWtF2AnpK9RQ","c_hash":"LDktKdoQak3Pk0cnXxCltA",)"
                R"("email":"kilgore@kilgore.trout","email_verified":true,"groups":["authors","sci-fi"],)"
                R"("name":"Kilgore Trout","preferred_username":"kilgore",)"
                R"("federated_claims":{"connector_id":"local","user_id":"08a8684b-db88-4b73-90a9-3cd1661f5466"}})");
}

TEST_F(TokensTest, SubjectIsDexsProtobufEncoding) {
  auto s = test_subject({"openid"});
  s.claims.user_id = "2342749";
  s.connector_id = "github";
  EXPECT_EQ(claims(s)["sub"], "CgcyMzQyNzQ5EgZnaXRodWI");
  // Empty fields are left out of the protobuf, as proto3 does.
  s.connector_id = "";
  EXPECT_EQ(claims(s)["sub"], base::base64url_encode(std::string("\x0a\x07") + "2342749"));
}

TEST_F(TokensTest, IssuerIsTheConfiguredStringVerbatim) {
  tokens::JwtMinter slash("https://dex.example/", signer_, *store_, clock_, 24h);
  auto text = slash.claims_json(test_subject({"openid"}), "", "", clock_.now(), clock_.now());
  ASSERT_TRUE(text);
  EXPECT_EQ(json::parse(*text)["iss"], "https://dex.example/");
}

TEST_F(TokensTest, ExpiryFollowsTheConfiguredLifetime) {
  tokens::JwtMinter short_lived(kTestIssuer, signer_, *store_, clock_, 10min);
  auto minted = short_lived.id_token(test_subject({"openid"}), "", "");
  ASSERT_TRUE(minted);
  EXPECT_EQ(minted->expiry, clock_.now() + 10min);
  json c = payload(minted->token);
  EXPECT_EQ(c["iat"], 1700000000);
  EXPECT_EQ(c["exp"], 1700000000 + 600);
  auto access = short_lived.access_token(test_subject({"openid"}));
  ASSERT_TRUE(access);
  EXPECT_EQ(access->expiry, clock_.now() + 10min);
  EXPECT_EQ(payload(access->token)["exp"], 1700000000 + 600);
}

TEST_F(TokensTest, NonceOnlyWhenGiven) {
  EXPECT_FALSE(claims(test_subject({"openid"})).contains("nonce"));
  auto s = test_subject({"openid"});
  s.nonce = "abc";
  EXPECT_EQ(claims(s)["nonce"], "abc");
}

TEST_F(TokensTest, HashesOfAccessTokenAndCode) {
  auto s = test_subject({"openid"});
  json none = claims(s);
  EXPECT_FALSE(none.contains("at_hash"));
  EXPECT_FALSE(none.contains("c_hash"));
  json at_only = claims(s, kAccessToken);
  EXPECT_EQ(at_only["at_hash"], kAtHash);
  EXPECT_FALSE(at_only.contains("c_hash"));
  json code_only = claims(s, "", kCode);
  EXPECT_EQ(code_only["c_hash"], kCHash);
  EXPECT_FALSE(code_only.contains("at_hash"));

  // The hash follows the signing algorithm: ES256 is SHA-256 too, RS384 takes half of SHA-384.
  signer_.use(jose::Algorithm::kES256);
  EXPECT_EQ(claims(s, kAccessToken)["at_hash"], kAtHash);
  signer_.use(jose::Algorithm::kRS384);
  EXPECT_EQ(claims(s, kAccessToken)["at_hash"], "jtAeDp945y1dDqU3nkIVGNZP1HjH_MFs");
}

// Which optional claims each scope brings (reference §5.3, §5.7).
TEST_F(TokensTest, ScopeDecidesTheClaims) {
  struct Case {
    std::vector<std::string> scopes;
    std::vector<std::string> present;
  };
  const std::vector<std::string> optional = {"email", "email_verified", "groups", "name", "preferred_username",
                                             "federated_claims", "azp", "nonce", "at_hash", "c_hash"};
  const std::vector<Case> cases = {
      {{"openid"}, {}},
      {{"openid", "offline_access"}, {}},
      {{"openid", "email"}, {"email", "email_verified"}},
      {{"openid", "profile"}, {"name", "preferred_username"}},
      {{"openid", "groups"}, {"groups"}},
      {{"openid", "federated:id"}, {"federated_claims"}},
      {{"openid", "email", "groups", "profile"}, {"email", "email_verified", "groups", "name", "preferred_username"}},
      // Unknown scopes that survived validation change nothing.
      {{"openid", "custom", "emails"}, {}},
  };
  for (const auto& c : cases) {
    json got = claims(test_subject(c.scopes));
    for (const auto& name : optional) {
      bool expected = std::find(c.present.begin(), c.present.end(), name) != c.present.end();
      EXPECT_EQ(got.contains(name), expected) << name << " with scopes " << json(c.scopes).dump();
    }
  }
}

TEST_F(TokensTest, EmptyValuesAreLeftOutButEmailVerifiedIsAlwaysThere) {
  auto s = test_subject({"openid", "email", "profile", "groups", "federated:id"});
  s.claims = {.user_id = kTestUser};
  json c = claims(s);
  EXPECT_FALSE(c.contains("email"));
  EXPECT_EQ(c["email_verified"], false);
  EXPECT_FALSE(c.contains("groups"));
  EXPECT_FALSE(c.contains("name"));
  EXPECT_FALSE(c.contains("preferred_username"));
  EXPECT_EQ(c["federated_claims"], (json{{"connector_id", "local"}, {"user_id", kTestUser}}));

  // name is the identity's username, preferred_username its preferred one; each stands alone.
  s.claims.preferred_username = "kt";
  c = claims(s);
  EXPECT_FALSE(c.contains("name"));
  EXPECT_EQ(c["preferred_username"], "kt");

  // federated_claims drops what is empty, keeping its braces.
  s.connector_id = "";
  EXPECT_EQ(claims_text(s).substr(claims_text(s).find("\"federated_claims\"")),
            R"("federated_claims":{"user_id":"08a8684b-db88-4b73-90a9-3cd1661f5466"}})");
  s.claims.user_id = "";
  EXPECT_TRUE(claims_text(s).ends_with(R"("federated_claims":{}})"));
}

TEST_F(TokensTest, StringsAreEncodedAsGoEncodesThem) {
  auto s = test_subject({"openid", "email", "profile", "groups"});
  s.claims.username = "<b>Kilgore & \"Trout\"</b>";
  s.claims.groups = {"a/b", "ü"};
  std::string text = claims_text(s);
  EXPECT_NE(text.find(R"("name":"\u003cb\u003eKilgore \u0026 \"Trout\"\u003c/b\u003e")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("groups":["a/b","ü"])"), std::string::npos) << text;
}

// aud, azp and cross-client trust (reference §5.6).
TEST_F(TokensTest, AudienceAndAuthorizedParty) {
  struct Case {
    std::vector<std::string> scopes;
    std::string aud_json;
    std::string azp;  // empty: absent
  };
  const std::vector<Case> cases = {
      {{"openid"}, R"("app")", ""},
      // dex sets azp whenever a cross-client audience was asked for, even one naming the client.
      {{"openid", "audience:server:client_id:app"}, R"("app")", "app"},
      {{"openid", kPeerScope}, R"(["peer","app"])", "app"},
      // Peers in scope order; the client is appended only when not already named.
      {{"openid", "audience:server:client_id:app", kPeerScope}, R"(["app","peer"])", "app"},
      {{"openid", kPeerScope, "audience:server:client_id:other-peer"}, R"(["peer","other-peer","app"])", "app"},
  };
  for (const auto& c : cases) {
    json got = claims(test_subject(c.scopes));
    EXPECT_EQ(got["aud"], json::parse(c.aud_json)) << json(c.scopes).dump();
    EXPECT_EQ(got.contains("azp"), !c.azp.empty()) << json(c.scopes).dump();
    if (!c.azp.empty()) {
      EXPECT_EQ(got["azp"], c.azp);
    }
  }
}

TEST_F(TokensTest, UntrustedPeerFailsTheMint) {
  for (const char* peer : {"stranger", "no-such-client"}) {
    auto s = test_subject({"openid", std::string("audience:server:client_id:") + peer});
    auto minted = minter_.id_token(s, "", "");
    ASSERT_FALSE(minted) << peer;
    EXPECT_EQ(minted.error().code, "server_error");
    EXPECT_EQ(minted.error().status, 500);
    EXPECT_NE(minted.error().debug.find(std::string("peer (") + peer + ") does not trust client"), std::string::npos);
    EXPECT_FALSE(minter_.access_token(s));
  }
}

TEST_F(TokensTest, AudienceWithoutTrustCheck) {
  // Introspection of a stored refresh token rebuilds the audience without asking the peers again.
  auto a = tokens::token_audience("app", {"openid", "audience:server:client_id:stranger"}, nullptr);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->aud, (std::vector<std::string>{"stranger", "app"}));
  EXPECT_EQ(a->azp, "app");
  auto plain = tokens::token_audience("app", {"openid"}, nullptr);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->aud, (std::vector<std::string>{"app"}));
  EXPECT_EQ(plain->azp, "");
}

TEST_F(TokensTest, AudienceJsonIsAStringWhenSingle) {
  EXPECT_EQ(tokens::audience_json({"app"}), R"("app")");
  EXPECT_EQ(tokens::audience_json({"peer", "app"}), R"(["peer","app"])");
  EXPECT_EQ(tokens::audience_json({}), "[]");
  EXPECT_EQ(tokens::audience_json({"a&b"}), R"("a\u0026b")");
}

TEST_F(TokensTest, IdTokenIsSignedWithTheCurrentKey) {
  auto s = test_subject({"openid", "email"});
  auto minted = minter_.id_token(s, kAccessToken, kCode);
  ASSERT_TRUE(minted);
  EXPECT_EQ(minted->expiry, clock_.now() + 24h);
  auto jws = jose::parse_compact(minted->token);
  ASSERT_TRUE(jws);
  // go-jose's header: alg and kid, no typ.
  EXPECT_EQ(jws->header, (json{{"alg", "RS256"}, {"kid", "rsa-test-key"}}));
  EXPECT_EQ(jws->payload, claims_text(s, kAccessToken, kCode));
  EXPECT_TRUE(jose::verify_signature(*jws, signer_.key_set()->keys[0].key));

  signer_.use(jose::Algorithm::kES256);
  auto ec = minter_.id_token(s, "", "");
  ASSERT_TRUE(ec);
  EXPECT_EQ(jose::parse_compact(ec->token)->header["alg"], "ES256");
  EXPECT_TRUE(verifier_.verify(ec->token));
}

TEST_F(TokensTest, AccessTokenIsAnIdTokenOverARandomValue) {
  auto s = test_subject({"openid", "email", "groups", kPeerScope});
  s.nonce = "n";
  auto a = minter_.access_token(s);
  auto b = minter_.access_token(s);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->expiry, clock_.now() + 24h);
  json ca = payload(a->token), cb = payload(b->token);
  // The same claims as the ID token, with at_hash over a fresh value each time and no c_hash.
  json id = claims(s);
  for (const auto& name : {"iss", "sub", "aud", "exp", "iat", "azp", "nonce", "email", "email_verified", "groups"}) {
    EXPECT_EQ(ca[name], id[name]) << name;
  }
  ASSERT_TRUE(ca.contains("at_hash"));
  EXPECT_EQ(ca["at_hash"].get<std::string>().size(), 22u);
  EXPECT_NE(ca["at_hash"], cb["at_hash"]);
  EXPECT_FALSE(ca.contains("c_hash"));
  EXPECT_TRUE(verifier_.verify(a->token));
}

TEST_F(TokensTest, SigningFailureIsAServerError) {
  signer_.clear();
  auto minted = minter_.id_token(test_subject({"openid"}), "", "");
  ASSERT_FALSE(minted);
  EXPECT_EQ(minted.error().code, "server_error");
  EXPECT_EQ(minted.error().status, 500);
}

TEST_F(TokensTest, VerifierAcceptsOwnTokensUntilExpiry) {
  auto minted = minter_.access_token(test_subject({"openid", "email"}));
  ASSERT_TRUE(minted);
  auto v = verifier_.verify(minted->token);
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(v->payload, jose::parse_compact(minted->token)->payload);
  EXPECT_EQ(v->claims["email"], "kilgore@kilgore.trout");
  // No audience check: a token for any client verifies.
  auto peer = minter_.access_token(test_subject({"openid", kPeerScope}));
  EXPECT_TRUE(verifier_.verify(peer->token));

  // Still good in its exp second, refused after it.
  clock_.advance(24h);
  EXPECT_TRUE(verifier_.verify(minted->token));
  clock_.advance(1s);
  EXPECT_FALSE(verifier_.verify(minted->token));
}

TEST_F(TokensTest, VerifierRefusesForeignAndBrokenTokens) {
  auto minted = minter_.access_token(test_subject({"openid"}));
  ASSERT_TRUE(minted);
  const std::string& good = minted->token;

  // Another issuer's token, signed with our very key.
  tokens::JwtMinter elsewhere("https://other.example/dex", signer_, *store_, clock_, 24h);
  EXPECT_FALSE(verifier_.verify(elsewhere.access_token(test_subject({"openid"}))->token));
  // A key we do not publish.
  FixedSigner foreign(jose::Algorithm::kES256);
  tokens::JwtMinter impostor(kTestIssuer, foreign, *store_, clock_, 24h);
  EXPECT_FALSE(verifier_.verify(impostor.access_token(test_subject({"openid"}))->token));
  // A payload changed after signing.
  size_t dot1 = good.find('.'), dot2 = good.rfind('.');
  std::string forged_payload = base::base64url_encode(R"({"iss":"https://dex.example/dex","sub":"x","exp":9999999999})");
  EXPECT_FALSE(verifier_.verify(good.substr(0, dot1 + 1) + forged_payload + good.substr(dot2)));
  // alg "none" and things that are not JWTs at all.
  std::string none = base::base64url_encode(R"({"alg":"none"})") + "." + good.substr(dot1 + 1, dot2 - dot1 - 1) + ".";
  EXPECT_FALSE(verifier_.verify(none));
  EXPECT_FALSE(verifier_.verify(""));
  EXPECT_FALSE(verifier_.verify("not-a-jwt"));
  EXPECT_FALSE(verifier_.verify(good + "x"));
  // No keys at all (before the signer's first key).
  signer_.clear();
  EXPECT_FALSE(verifier_.verify(good));
}

TEST_F(TokensTest, LooksLikeJwtOnlyChecksTheShape) {
  auto minted = minter_.access_token(test_subject({"openid"}));
  EXPECT_TRUE(tokens::looks_like_jwt(minted->token));
  tokens::JwtMinter elsewhere("https://other.example/dex", signer_, *store_, clock_, 24h);
  EXPECT_TRUE(tokens::looks_like_jwt(elsewhere.access_token(test_subject({"openid"}))->token));
  EXPECT_FALSE(tokens::looks_like_jwt("ChlkZXhfcmVmcmVzaF90b2tlbg"));
  EXPECT_FALSE(tokens::looks_like_jwt("a.b"));
  EXPECT_FALSE(tokens::looks_like_jwt(""));
}

}  // namespace
}  // namespace dexcc::server::testing
