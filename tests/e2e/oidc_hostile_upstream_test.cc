// End-to-end: the oidc connector against a hostile or broken upstream (a fake provider on loopback
// whose discovery, keys and token answers the test picks): a wrong issuer in discovery, ID tokens
// signed by another key, with alg none, with HMAC keyed by the public key, without the nonce, with
// a wrong audience, expired, and oversized answers. Each ends in dex's error page with a log line
// naming the cause, never in a code for the client.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <mutex>

#include "flow_helpers.h"
#include "upstream_helpers.h"
#include "jose/jwk.h"
#include "jose/jws_signer.h"
#include "support/fake_upstream.h"

namespace dexcc::testing {
namespace {

using namespace flow;
using nlohmann::json;

// What the fake provider's token endpoint answers.
enum class Answer {
  kGood,
  kOtherKey,
  kAlgNone,
  kHmacWithPublicKey,
  kNoNonce,
  kWrongAudience,
  kExpired,
  kOversized,
  kRefused
};

class HostileProvider {
 public:
  explicit HostileProvider(std::string discovery_issuer = {})
      : key_(*jose::Key::generate_rsa(2048)),
        other_key_(*jose::Key::generate_rsa(2048)),
        discovery_issuer_(std::move(discovery_issuer)),
        server_([this](const ReceivedRequest& r) { return answer(r); }) {}

  std::string issuer() const { return server_.url(""); }
  void set(Answer a, std::string nonce) {
    std::lock_guard lock(mu_);
    answer_ = a;
    nonce_ = std::move(nonce);
  }

 private:
  static FakeResponse json_answer(const json& body, int status = 200) {
    return FakeResponse{
        .status = status, .headers = {{"Content-Type", "application/json"}}, .body = body.dump()};
  }

  std::string id_token(Answer a, const std::string& nonce) const {
    json claims{{"iss", issuer()},
                {"aud", "dexcc"},
                {"sub", "u1"},
                {"name", "U"},
                {"email", "u@example.com"},
                {"email_verified", true},
                {"exp", std::time(nullptr) + 600},
                {"iat", std::time(nullptr)}};
    if (a != Answer::kNoNonce) claims["nonce"] = nonce;
    if (a == Answer::kWrongAudience) claims["aud"] = "someone-else";
    if (a == Answer::kExpired) claims["exp"] = std::time(nullptr) - 600;
    std::string payload = base::base64url_encode(claims.dump());
    if (a == Answer::kAlgNone)
      return base::base64url_encode(R"({"alg":"none","kid":"k1"})") + "." + payload + ".";
    if (a == Answer::kHmacWithPublicKey) {
      // The classic confusion: the verifier's public key (as published) used as an HMAC secret.
      std::string input = base::base64url_encode(R"({"alg":"HS256","kid":"k1"})") + "." + payload;
      std::string secret = jwks();
      unsigned char mac[EVP_MAX_MD_SIZE];
      unsigned int mac_size = 0;
      HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_size);
      return input + "." + base::base64url_encode(std::string_view(reinterpret_cast<char*>(mac), mac_size));
    }
    const jose::Key& key = a == Answer::kOtherKey ? other_key_ : key_;
    return *(*jose::JwsSigner::create(key, jose::Algorithm::kRS256, "k1")).sign(claims.dump());
  }

  std::string jwks() const {
    jose::Jwk jwk{.key = *key_.public_key(), .kid = "k1", .alg = "RS256", .use = "sig"};
    return json{{"keys", json::array({json::parse(jose::jwk_public_json(jwk)->dump())})}}.dump();
  }

  FakeResponse answer(const ReceivedRequest& r) {
    std::string path = r.target.substr(0, r.target.find('?'));
    if (path == "/.well-known/openid-configuration") {
      return json_answer({{"issuer", discovery_issuer_.empty() ? issuer() : discovery_issuer_},
                          {"authorization_endpoint", issuer() + "/auth"},
                          {"token_endpoint", issuer() + "/token"},
                          {"jwks_uri", issuer() + "/keys"},
                          {"id_token_signing_alg_values_supported", {"RS256", "HS256", "none"}}});
    }
    if (path == "/keys")
      return FakeResponse{.headers = {{"Content-Type", "application/json"}}, .body = jwks()};
    if (path != "/token") return FakeResponse{.status = 404};
    std::lock_guard lock(mu_);
    if (answer_ == Answer::kRefused) return json_answer({{"error", "invalid_grant"}}, 400);
    if (answer_ == Answer::kOversized) {
      return FakeResponse{.headers = {{"Content-Type", "application/json"}},
                          .body = R"({"access_token":")" + std::string(2 << 20, 'a') + R"("})"};
    }
    return json_answer(
        {{"access_token", "at"}, {"token_type", "Bearer"}, {"id_token", id_token(answer_, nonce_)}});
  }

  jose::Key key_, other_key_;
  std::string discovery_issuer_;
  mutable std::mutex mu_;
  Answer answer_ = Answer::kGood;
  std::string nonce_;
  FakeUpstream server_;  // last: its threads stop before the members they use go away
};

std::string downstream_config(const std::string& issuer) { return oidc_downstream_config("hostile", issuer); }

// Starts a login through "hostile", lets the provider answer with `a`, and returns dexcc's answer
// to the upstream's redirect back.
HttpResult callback_with(const DexccInstance& dex, HostileProvider& provider, Answer a) {
  HttpResult to_upstream =
      fetch(dex, "GET", dex.path("/auth/hostile") + "?" + auth_query({.scope = "openid email"}));
  EXPECT_EQ(to_upstream.status, 302) << to_upstream.body;
  Url up = parse_url(location(to_upstream));
  EXPECT_FALSE(up.query.get("nonce").empty());
  provider.set(a, std::string(up.query.get("nonce")));
  return fetch(
      dex, "GET",
      dex.path("/callback") + "?" + encode({{"code", "c"}, {"state", std::string(up.query.get("state"))}}));
}

TEST(OidcHostileUpstream, EveryForgeryEndsInTheErrorPage) {
  HostileProvider provider;
  DexccInstance dex(downstream_config(provider.issuer()));
  ASSERT_TRUE(dex.started()) << dex.process().output();

  HttpResult good = callback_with(dex, provider, Answer::kGood);
  ASSERT_EQ(good.status, 303) << good.body << dex.process().output();
  EXPECT_FALSE(code_of(good).empty());

  struct Case {
    Answer answer;
    const char* logged;
  };
  for (Case c : {Case{Answer::kOtherKey, "failed to verify id token signature"},
                 Case{Answer::kAlgNone, "oidc: malformed jwt"},
                 Case{Answer::kHmacWithPublicKey, "oidc: malformed jwt"},
                 Case{Answer::kNoNonce, "nonce does not match"},
                 Case{Answer::kWrongAudience, "oidc: expected audience \\\"dexcc\\\""},
                 Case{Answer::kExpired, "oidc: token is expired"},
                 Case{Answer::kOversized, "oidc: failed to get token"},
                 Case{Answer::kRefused, "oauth2: \\\"invalid_grant\\\""}}) {
    SCOPED_TRACE(c.logged);
    size_t log_before = dex.process().output().size();
    HttpResult r = callback_with(dex, provider, c.answer);
    EXPECT_EQ(r.status, 500) << location(r);
    EXPECT_TRUE(location(r).empty());
    EXPECT_NE(error_text(r.body).find("Authentication failed"), std::string::npos) << r.body;
    std::string log = dex.process().output().substr(log_before);
    EXPECT_NE(log.find("connector callback failed"), std::string::npos) << log;
    EXPECT_NE(log.find(c.logged), std::string::npos) << log;
  }
}

TEST(OidcHostileUpstream, WrongIssuerInDiscoveryKeepsTheConnectorClosed) {
  HostileProvider provider("https://evil.example");
  DexccInstance dex(downstream_config(provider.issuer()));
  ASSERT_TRUE(dex.started()) << dex.process().output();
  EXPECT_NE(dex.process().output().find("oidc: issuer did not match the issuer returned by provider"),
            std::string::npos);
  HttpResult r = fetch(dex, "GET", dex.path("/auth/hostile") + "?" + auth_query({}));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(location(r).empty());
}

}  // namespace
}  // namespace dexcc::testing
