// Upstream token responses and ID token verification: the parsers and go-oidc's checks, against
// keys made here and served by a fake upstream.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "base/base64.h"
#include "connector/oidc/id_token.h"
#include "connector/oidc/key_set.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token.h"
#include "connector/upstream/token_endpoint.h"
#include "jose/jwk.h"
#include "jose/jws_signer.h"
#include "support/fake_upstream.h"

namespace dexcc::connector {
namespace {

using nlohmann::json;
using upstream::parse_token_response;

TEST(UpstreamToken, JsonAndFormBodies) {
  auto t = parse_token_response(
      200, "application/json; charset=utf-8",
      R"({"access_token":"at","token_type":"Bearer","refresh_token":"rt","expires_in":"60","id_token":"x.y.z"})");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->access_token, "at");
  EXPECT_EQ(t->refresh_token, "rt");
  EXPECT_EQ(t->expires_in, 60);
  EXPECT_EQ(t->extra_string("id_token"), "x.y.z");
  auto f = parse_token_response(200, "application/x-www-form-urlencoded",
                                "access_token=a%20b&scope=s&expires_in=5");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->access_token, "a b");
  EXPECT_EQ(f->expires_in, 5);
  EXPECT_EQ(f->extra_string("scope"), "s");
}

TEST(UpstreamToken, RefusalsAndBrokenBodies) {
  EXPECT_EQ(
      parse_token_response(400, "application/json", R"({"error":"invalid_grant","error_description":"gone"})")
          .error()
          .message,
      R"(oauth2: "invalid_grant" "gone")");
  EXPECT_EQ(parse_token_response(401, "text/plain", "error=invalid_client").error().message,
            R"(oauth2: "invalid_client")");
  EXPECT_EQ(parse_token_response(502, "text/html", "<html>").error().message,
            "oauth2: cannot fetch token: status 502");
  EXPECT_EQ(parse_token_response(200, "application/json", R"({"token_type":"Bearer"})").error().message,
            "oauth2: server response missing access_token");
  EXPECT_FALSE(parse_token_response(200, "application/json", "not json"));
  EXPECT_FALSE(parse_token_response(200, "application/json", R"({"access_token":"a","expires_in":{}})"));
  EXPECT_FALSE(parse_token_response(200, "application/json", "[]"));
}

// A provider's key, its JWKS, and tokens signed with it.
struct Provider {
  Provider() {
    auto key = jose::Key::generate_rsa(2048);
    signer.emplace(*jose::JwsSigner::create(*key, jose::Algorithm::kRS256, "k1"));
    jose::Jwk jwk{.key = *key->public_key(), .kid = "k1", .alg = "RS256", .use = "sig"};
    jwks = json{{"keys", json::array({json::parse(jose::jwk_public_json(jwk)->dump())})}}.dump();
  }
  std::string sign(const json& claims) const { return *signer->sign(claims.dump()); }
  std::optional<jose::JwsSigner> signer;
  std::string jwks;
};

class IdTokenTest : public ::testing::Test {
 protected:
  IdTokenTest()
      : upstream_([this](const testing::ReceivedRequest&) {
          ++fetches_;
          return testing::FakeResponse{.headers = {{"Content-Type", "application/json"}},
                                       .body = provider_.jwks};
        }),
        client_(*upstream::make_client({}, false)),
        clock_(base::from_unix_seconds(1'700'000'000)),
        keys_(upstream_.url("/keys"), client_, clock_) {}

  json claims() const {
    return {{"iss", "https://idp"}, {"aud", "app"}, {"sub", "u"}, {"exp", 1'700'000'100}, {"nonce", "n1"}};
  }
  oidc::IdTokenRules rules() const {
    return {
        .issuer = "https://idp", .client_id = "app", .algorithms = {jose::Algorithm::kRS256}, .nonce = "n1"};
  }
  Result<json> verify(const std::string& raw, const oidc::IdTokenRules& r) {
    return oidc::verify_id_token(raw, r, keys_, clock_.now());
  }

  Provider provider_;
  std::atomic<int> fetches_{0};
  testing::FakeUpstream upstream_;
  http_client::Client client_;
  base::FakeClock clock_;
  oidc::RemoteKeySet keys_;
};

TEST_F(IdTokenTest, AcceptsAGoodToken) {
  auto c = verify(provider_.sign(claims()), rules());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ((*c)["sub"], "u");
}

TEST_F(IdTokenTest, RefusesWrongClaims) {
  json c = claims();
  c["iss"] = "https://evil";
  EXPECT_EQ(verify(provider_.sign(c), rules()).error().message,
            R"(oidc: id token issued by a different provider, expected "https://idp" got "https://evil")");
  c = claims();
  c["aud"] = json::array({"other", "x"});
  EXPECT_EQ(verify(provider_.sign(c), rules()).error().message,
            R"(oidc: expected audience "app" got ["other" "x"])");
  auto skip = rules();
  skip.skip_audience = true;
  EXPECT_TRUE(verify(provider_.sign(c), skip));
  c = claims();
  c["exp"] = 1'699'999'999;
  EXPECT_NE(verify(provider_.sign(c), rules()).error().message.find("token is expired"), std::string::npos);
  c.erase("exp");
  EXPECT_NE(verify(provider_.sign(c), rules()).error().message.find("token is expired"), std::string::npos);
  c = claims();
  c["nbf"] = 1'700'000'000 + 301;
  EXPECT_NE(verify(provider_.sign(c), rules()).error().message.find("before the nbf"), std::string::npos);
  c["nbf"] = 1'700'000'000 + 299;  // within go-oidc's 5 minutes of skew
  EXPECT_TRUE(verify(provider_.sign(c), rules()));
  c = claims();
  c.erase("nonce");
  EXPECT_FALSE(verify(provider_.sign(c), rules()));
  c["nonce"] = "n2";
  EXPECT_FALSE(verify(provider_.sign(c), rules()));
  for (const char* other : {"n", "n1 ", "N1", ""}) {  // prefix, longer, case, empty
    c["nonce"] = other;
    EXPECT_FALSE(verify(provider_.sign(c), rules())) << other;
  }
  c["nonce"] = 1;
  EXPECT_FALSE(verify(provider_.sign(c), rules()));
}

TEST_F(IdTokenTest, RefusesForgedSignatures) {
  // Signed by another key with the same kid.
  Provider other;
  EXPECT_EQ(verify(other.sign(claims()), rules()).error().message,
            "failed to verify signature: failed to verify id token signature");
  // alg none and HS256 (with the public key as the secret) never parse.
  std::string header_none = base::base64url_encode(R"({"alg":"none"})");
  std::string payload = base::base64url_encode(claims().dump());
  EXPECT_FALSE(verify(header_none + "." + payload + ".", rules()));
  std::string header_hs = base::base64url_encode(R"({"alg":"HS256","kid":"k1"})");
  EXPECT_FALSE(verify(header_hs + "." + payload + "." + base::base64url_encode("mac"), rules()));
  // An algorithm the provider does not list.
  auto es = rules();
  es.algorithms = {jose::Algorithm::kES256};
  EXPECT_NE(verify(provider_.sign(claims()), es).error().message.find("unsupported algorithm"),
            std::string::npos);
}

TEST_F(IdTokenTest, UnknownKeysRefetchAtMostOncePerInterval) {
  ASSERT_TRUE(verify(provider_.sign(claims()), rules()));
  EXPECT_EQ(fetches_.load(), 1);
  Provider other;
  EXPECT_FALSE(verify(other.sign(claims()), rules()));
  EXPECT_FALSE(verify(other.sign(claims()), rules()));
  EXPECT_EQ(fetches_.load(), 1);  // fetched at the first use, within the interval: no refetch
  clock_.advance(oidc::RemoteKeySet::kRefetchInterval);
  provider_.jwks = other.jwks;  // the provider rotated its key
  EXPECT_TRUE(verify(other.sign(claims()), rules()));
  EXPECT_EQ(fetches_.load(), 2);
}

}  // namespace
}  // namespace dexcc::connector

namespace dexcc::connector {
namespace {

// A token endpoint that does not answer in time: the exchange fails (the connector's client has a
// total timeout; a short one here) instead of holding the worker.
TEST(UpstreamTokenEndpoint, SlowAnswerTimesOut) {
  testing::FakeUpstream slow([](const testing::ReceivedRequest&) {
    return testing::FakeResponse{.headers = {{"Content-Type", "application/json"}},
                                 .body = R"({"access_token":"at"})",
                                 .delay = std::chrono::seconds(30)};
  });
  auto client = http_client::Client::create({.total_timeout = std::chrono::milliseconds(300)});
  ASSERT_TRUE(client);
  upstream::TokenEndpoint endpoint({.client_id = "c",
                                    .client_secret = "s",
                                    .token_url = slow.url("/token"),
                                    .style = upstream::AuthStyle::kInHeader},
                                   *client);
  auto token = endpoint.exchange_code("code", "");
  ASSERT_FALSE(token);
  EXPECT_NE(token.error().message.find("oauth2: POST " + slow.url("/token")), std::string::npos)
      << token.error().message;
}

// Auto-detection: Basic first; a provider that refuses it gets the credentials in the body, and
// the working style is kept.
TEST(UpstreamTokenEndpoint, AutoDetectsClientAuthentication) {
  std::atomic<int> calls{0};
  testing::FakeUpstream post_only([&](const testing::ReceivedRequest& r) {
    ++calls;
    if (r.has_header("Authorization") || r.body.find("client_secret=s") == std::string::npos) {
      return testing::FakeResponse{.status = 401,
                                   .headers = {{"Content-Type", "application/json"}},
                                   .body = R"({"error":"invalid_client"})"};
    }
    return testing::FakeResponse{.headers = {{"Content-Type", "application/json"}},
                                 .body = R"({"access_token":"at"})"};
  });
  auto client = upstream::make_client({}, false);
  upstream::TokenEndpoint endpoint(
      {.client_id = "c", .client_secret = "s", .token_url = post_only.url("/token")}, *client);
  ASSERT_TRUE(endpoint.refresh("rt"));
  EXPECT_EQ(calls.load(), 2);
  auto again = endpoint.refresh("rt");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->refresh_token, "rt");  // no new refresh token: the old one is kept
  EXPECT_EQ(calls.load(), 3);
}

// A provider that does not answer within the client's timeout is not asked a second time with the
// credentials in the body: one upstream call stays within one timeout.
TEST(UpstreamTokenEndpoint, AutoDetectDoesNotRetryATimeout) {
  std::atomic<int> calls{0};
  std::atomic<bool> done{false};
  testing::FakeUpstream silent([&](const testing::ReceivedRequest&) {
    ++calls;
    for (int i = 0; i < 200 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return testing::FakeResponse{.status = 500};
  });
  http_client::ClientOptions options;
  options.total_timeout = std::chrono::milliseconds(200);
  auto client = http_client::Client::create(std::move(options));
  ASSERT_TRUE(client);
  upstream::TokenEndpoint endpoint(
      {.client_id = "c", .client_secret = "s", .token_url = silent.url("/token")}, *client);
  EXPECT_FALSE(endpoint.refresh("rt"));
  done = true;
  EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace dexcc::connector
