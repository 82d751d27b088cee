// /token and the device flow driven by calling handlers: client authentication, every grant's
// validation and dex's error codes (reference dex-server.md §3), refresh rotation under contention.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "base/base64.h"
#include "base/random.h"
#include "fakes.h"
#include "http/form.h"
#include "oauth2/pkce.h"
#include "oauth2/refresh_token.h"
#include "server/device/device_flow.h"
#include "server/grants/authorization_code.h"
#include "server/grants/client_credentials.h"
#include "server/grants/password.h"
#include "server/grants/refresh.h"
#include "server/grants/token_exchange.h"

namespace dexcc::server::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr char kRedirect[] = "https://app.example/cb";

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override { build(grants::RefreshPolicy{}); }

  void build(grants::RefreshPolicy policy) {
    auto inner = storage::memory::open();
    ASSERT_TRUE(inner->create_password(storage::Password{.email = "jane@example.com",
                                                         .hash = base::bcrypt_hash("secret", 10),
                                                         .username = "jane",
                                                         .user_id = "u-jane"}));
    auto s = storage::with_static_clients(
        std::move(inner),
        {storage::Client{.id = "app", .secret = "s3cr3t", .redirect_uris = {kRedirect}, .name = "The App"},
         storage::Client{.id = "other", .secret = "o", .redirect_uris = {kRedirect}, .name = "Other"},
         storage::Client{.id = "public", .is_public = true, .name = "CLI"},
         storage::Client{.id = "a b", .secret = "x+y", .name = "Spaced"}});
    s = storage::with_static_connectors(std::move(s), {storage::Connector{.id = "mock", .type = "mockCallback", .name = "Mock"},
                                                       storage::Connector{.id = "local", .type = "local", .name = "Email"}});
    store_ = std::move(s);
    manager_ = std::make_unique<connector::Manager>(connector::Registry::builtin(), *store_,
                                                    connector::OpenContext{.clock = &clock_, .passwords = store_.get()});
    ASSERT_TRUE(manager_->open_all(true));
    storage::Storage& st = *store_;
    login_ = std::make_unique<grants::LoginTokens>(grants::LoginTokens{minter_, clock_, *manager_, st, st});
    std::vector<std::unique_ptr<grants::Grant>> grants;
    grants.push_back(std::make_unique<grants::AuthorizationCodeGrant>(st, *login_));
    grants.push_back(std::make_unique<grants::RefreshGrant>(grants::RefreshDeps{st, st, *manager_, minter_, clock_, policy}));
    grants.push_back(std::make_unique<grants::PasswordGrant>(st, *login_, "local"));
    grants.push_back(std::make_unique<grants::TokenExchangeGrant>(*manager_, minter_, clock_));
    grants.push_back(std::make_unique<grants::ClientCredentialsGrant>(st, minter_, clock_));
    grants.push_back(std::make_unique<device::DeviceCodeGrant>(st, clock_));
    endpoint_ = std::make_unique<grants::TokenEndpoint>(st, std::move(grants));
    codes_ = std::make_unique<grants::AuthorizationCodeGrant>(st, *login_);
    device_ = std::make_unique<device::DeviceFlow>(issuer_, device::DeviceStores{st, st, st, st}, clock_, 5min, *codes_,
                                                   *endpoint_, pages_);
  }

  // A POST with an urlencoded `body`.
  static http::Request form_post(std::string body) {
    http::Request r;
    r.method = "POST";
    r.headers.set("Content-Type", "application/x-www-form-urlencoded");
    r.body = std::move(body);
    return r;
  }
  http::Response token(const std::string& body, const std::string& basic = "") {
    http::Request r = form_post(body);
    r.path = "/dex/token";
    if (!basic.empty()) r.headers.set("Authorization", "Basic " + base::base64_encode(basic));
    return endpoint_->handle(r);
  }

  static json body(const http::Response& r) { return json::parse(r.body); }

  std::string make_code(std::vector<std::string> scopes = {"openid", "email"}, storage::Pkce pkce = {},
                        std::string client = "app", std::string connector = "mock") {
    storage::AuthCode c{.id = base::new_id(),
                        .client_id = client,
                        .redirect_uri = kRedirect,
                        .nonce = "n1",
                        .scopes = std::move(scopes),
                        .connector_id = connector,
                        .connector_data = "foobar",
                        .claims = {.user_id = "user-1", .username = "Kilgore", .email = "k@example.com"},
                        .expiry = clock_.now() + 30min,
                        .pkce = std::move(pkce)};
    EXPECT_TRUE(store_->create_auth_code(c));
    return c.id;
  }
  std::string code_body(const std::string& code, const std::string& extra = "") {
    return "grant_type=authorization_code&code=" + code + "&redirect_uri=" + http::query_escape(kRedirect) + extra;
  }
  // A refresh token issued through the code grant.
  std::string refresh_token() {
    auto r = token(code_body(make_code({"openid", "offline_access", "email"})), "app:s3cr3t");
    EXPECT_EQ(r.status, 200) << r.body;
    return body(r)["refresh_token"].get<std::string>();
  }
  http::Response refresh(const std::string& rt, const std::string& extra = "") {
    return token("grant_type=refresh_token&refresh_token=" + http::query_escape(rt) + extra, "app:s3cr3t");
  }

  base::FakeClock clock_{base::Time(std::chrono::seconds(1700000000))};
  Issuer issuer_ = *Issuer::parse("https://dex.example/dex");
  FakePages pages_;
  FakeMinter minter_{clock_};
  std::unique_ptr<storage::Storage> store_;
  std::unique_ptr<connector::Manager> manager_;
  std::unique_ptr<grants::LoginTokens> login_;
  std::unique_ptr<grants::TokenEndpoint> endpoint_;
  std::unique_ptr<grants::AuthorizationCodeGrant> codes_;
  std::unique_ptr<device::DeviceFlow> device_;
};

TEST_F(TokenTest, CommonErrors) {
  http::Request get;
  get.method = "GET";
  auto r = endpoint_->handle(get);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["error"], "invalid_request");
  EXPECT_EQ(body(r)["error_description"], "method not allowed");
  EXPECT_EQ(body(token("grant_type=implicit", "app:s3cr3t"))["error"], "unsupported_grant_type");
  EXPECT_EQ(body(token("", "app:s3cr3t"))["error"], "unsupported_grant_type");
  EXPECT_EQ(token("grant_type=%zz").status, 400);
}

// A request may carry http::kMaxParameters parameters; one more is refused before anything else.
TEST_F(TokenTest, ParameterLimit) {
  auto at_limit = token("grant_type=implicit" + padding_parameters(http::kMaxParameters - 1), "app:s3cr3t");
  EXPECT_EQ(body(at_limit)["error"], "unsupported_grant_type");  // parsed, then refused for its grant type
  auto over = token("grant_type=implicit" + padding_parameters(http::kMaxParameters), "app:s3cr3t");
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(body(over)["error"], "invalid_request");
  EXPECT_EQ(body(over)["error_description"], http::kTooManyParameters);
  // One repeated key counts once per value.
  std::string repeated;
  for (size_t i = 0; i <= http::kMaxParameters; ++i) repeated += "scope=openid&";
  EXPECT_EQ(body(token(repeated + "grant_type=client_credentials", "app:s3cr3t"))["error_description"],
            http::kTooManyParameters);
}

TEST_F(TokenTest, ClientAuthentication) {
  std::string code = make_code();
  auto unknown = token(code_body(code), "nobody:x");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(body(unknown)["error"], "invalid_client");
  EXPECT_EQ(body(unknown)["error_description"], "Invalid client credentials.");
  // The client tried HTTP Basic: RFC 6749 §5.2 asks for the challenge.
  EXPECT_EQ(unknown.headers.get("WWW-Authenticate"), "Basic realm=\"dex\"");
  EXPECT_EQ(token(code_body(code), "app:wrong").status, 401);
  auto in_body = token(code_body(code) + "&client_id=app&client_secret=wrong");
  EXPECT_EQ(in_body.status, 401);
  EXPECT_FALSE(in_body.headers.has("WWW-Authenticate"));
  EXPECT_EQ(token(code_body(code), "app:").status, 401);
  // Body credentials are ignored when a Basic header is present.
  EXPECT_EQ(token(code_body(code) + "&client_id=app&client_secret=s3cr3t", "app:wrong").status, 401);
  // Basic credentials are form-decoded: "a+b" is "a b", "x%2By" is "x+y".
  EXPECT_EQ(body(token("grant_type=authorization_code&code=nope", "a+b:x%2By"))["error"], "invalid_grant");
  EXPECT_EQ(body(token(code_body(code), "app%zz:s"))["error_description"], "client_id improperly encoded");
  // Body authentication works without Basic.
  auto ok = token(code_body(code) + "&client_id=app&client_secret=s3cr3t");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.headers.get("Cache-Control"), "no-store");
  EXPECT_EQ(ok.headers.get("Pragma"), "no-cache");
}

TEST_F(TokenTest, AuthorizationCodeIssuesTokensOnce) {
  std::string code = make_code();
  auto r = token(code_body(code), "app:s3cr3t");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = body(r);
  EXPECT_EQ(j["access_token"], "access.app");
  EXPECT_EQ(j["token_type"], "bearer");
  EXPECT_EQ(j["expires_in"], 86400);
  EXPECT_EQ(j["id_token"], "idtoken.app.user-1.at=access.app.c=" + code);
  EXPECT_FALSE(j.contains("refresh_token"));  // no offline_access
  EXPECT_TRUE(r.body.starts_with("{\"access_token\":"));
  auto replay = token(code_body(code), "app:s3cr3t");
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(body(replay)["error"], "invalid_grant");
  EXPECT_EQ(body(replay)["error_description"], "Invalid or expired code parameter.");
}

TEST_F(TokenTest, AuthorizationCodeErrors) {
  EXPECT_EQ(body(token("grant_type=authorization_code", "app:s3cr3t"))["error_description"], "Required param: code.");
  EXPECT_EQ(body(token(code_body(make_code()), "other:o"))["error"], "invalid_grant");  // another client's code
  std::string expired = make_code();
  clock_.advance(31min);
  EXPECT_EQ(body(token(code_body(expired), "app:s3cr3t"))["error"], "invalid_grant");
  std::string code = make_code();
  auto mismatch = token("grant_type=authorization_code&code=" + code + "&redirect_uri=https%3A%2F%2Fapp.example%2Fother",
                        "app:s3cr3t");
  EXPECT_EQ(body(mismatch)["error_description"], "redirect_uri did not match URI from initial request.");
}

TEST_F(TokenTest, Pkce) {
  std::string verifier = "a-verifier-of-sufficient-length-0123456789";
  storage::Pkce s256{oauth2::pkce_challenge(verifier, "S256"), "S256"};
  EXPECT_EQ(body(token(code_body(make_code({"openid"}, s256), "&code_verifier=wrong"), "app:s3cr3t"))["error_description"],
            "Invalid code_verifier.");
  EXPECT_EQ(body(token(code_body(make_code({"openid"}, s256)), "app:s3cr3t"))["error_description"],
            "Expecting parameter code_verifier in PKCE flow.");
  EXPECT_EQ(body(token(code_body(make_code(), "&code_verifier=x"), "app:s3cr3t"))["error_description"],
            "No PKCE flow started. Cannot check code_verifier.");
  EXPECT_EQ(token(code_body(make_code({"openid"}, s256), "&code_verifier=" + verifier), "app:s3cr3t").status, 200);
  storage::Pkce plain{"plain-challenge", "plain"};
  EXPECT_EQ(token(code_body(make_code({"openid"}, plain), "&code_verifier=plain-challenge"), "app:s3cr3t").status, 200);
}

TEST_F(TokenTest, PublicClientAuthenticatesWithItsIdAlone) {
  std::string code = make_code({"openid"}, {}, "public");
  storage::AuthCode c = *store_->get_auth_code(code);
  auto r = token(code_body(code) + "&client_id=public");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(TokenTest, OfflineAccessIssuesOneRefreshTokenPerUserConnectorClient) {
  std::string first = refresh_token();
  std::string second = refresh_token();
  EXPECT_NE(first, second);
  // The earlier token was replaced by the new login.
  EXPECT_EQ(body(refresh(first))["error"], "invalid_request");
  EXPECT_EQ(refresh(second).status, 200);
  auto session = store_->get_offline_sessions("user-1", "mock");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->refresh.size(), 1u);
}

// The token and the offline session change together: when the session cannot record the refresh,
// nothing is written and the presented token is not rotated away (dex rotated it first). A
// session that points at another token (a newer login replaced it) makes the token invalid; a
// missing session is dex's internal refresh error (500, "invalid_request", no description: nothing
// of the storage failure reaches the client).
TEST_F(TokenTest, RefreshThatCannotUpdateTheOfflineSessionLeavesTheTokenUsable) {
  std::string rt = refresh_token();
  auto saved = store_->get_offline_sessions("user-1", "mock");
  ASSERT_TRUE(saved);

  // The session points at another token.
  ASSERT_TRUE(store_->update_offline_sessions("user-1", "mock", [](storage::OfflineSessions s) -> storage::Result<storage::OfflineSessions> {
    for (auto& [client, ref] : s.refresh) ref.id = "someone-else";
    return s;
  }));
  auto r = refresh(rt);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["error"], "invalid_request");
  EXPECT_EQ(body(r).value("error_description", ""),
            "Refresh token is invalid or has already been claimed by another client.");

  // The session is gone.
  ASSERT_TRUE(store_->delete_offline_sessions("user-1", "mock"));
  r = refresh(rt);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(body(r)["error"], "invalid_request");
  EXPECT_EQ(body(r).value("error_description", ""), "");

  // Restored, the same token refreshes: it was never rotated.
  ASSERT_TRUE(store_->create_offline_sessions(*saved));
  EXPECT_EQ(refresh(rt).status, 200);
}

TEST_F(TokenTest, RefreshRotatesAndRefusesReuse) {
  std::string rt = refresh_token();
  auto r = refresh(rt);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string rotated = body(r)["refresh_token"];
  EXPECT_NE(rotated, rt);
  EXPECT_EQ(body(r)["id_token"], "idtoken.app.user-1.at=access.app.c=");
  auto reuse = refresh(rt);
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(body(reuse)["error"], "invalid_request");
  EXPECT_EQ(body(reuse)["error_description"],
            "Refresh token is invalid or has already been claimed by another client.");
  EXPECT_EQ(refresh(rotated).status, 200);
}

TEST_F(TokenTest, RefreshReuseIntervalAnswersWithTheCurrentToken) {
  build(grants::RefreshPolicy{.reuse_interval = 3s});
  std::string rt = refresh_token();
  clock_.advance(5s);
  std::string rotated = body(refresh(rt))["refresh_token"];
  clock_.advance(1s);
  auto again = refresh(rt);  // the obsolete token within the interval
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(body(again)["refresh_token"], rotated);
  clock_.advance(5s);
  EXPECT_EQ(refresh(rt).status, 400);
}

TEST_F(TokenTest, RefreshWithoutRotationKeepsTheSecret) {
  build(grants::RefreshPolicy{.rotate = false});
  std::string rt = refresh_token();
  EXPECT_EQ(body(refresh(rt))["refresh_token"], rt);
  EXPECT_EQ(body(refresh(rt))["refresh_token"], rt);
}

TEST_F(TokenTest, RefreshLifetimes) {
  build(grants::RefreshPolicy{.absolute_lifetime = 10h, .valid_if_not_used_for = 2h});
  std::string rt = refresh_token();
  clock_.advance(3h);
  EXPECT_EQ(body(refresh(rt))["error_description"], "Refresh token expired.");
  std::string fresh = refresh_token();
  for (int i = 0; i < 5; ++i) {
    clock_.advance(1h + 50min);
    auto r = refresh(fresh);
    ASSERT_EQ(r.status, 200) << i;
    fresh = body(r)["refresh_token"];
  }
  clock_.advance(1h);  // 10h10m after creation
  EXPECT_EQ(body(refresh(fresh))["error_description"], "Refresh token expired.");
}

TEST_F(TokenTest, RefreshScopesNarrowNeverWiden) {
  std::string rt = refresh_token();
  auto narrowed = refresh(rt, "&scope=openid");
  ASSERT_EQ(narrowed.status, 200);
  auto widened = refresh(body(narrowed)["refresh_token"], "&scope=openid+groups+profile");
  EXPECT_EQ(body(widened)["error_description"], R"(Requested scopes contain unauthorized scope(s): ["groups" "profile"].)");
}

TEST_F(TokenTest, RefreshBelongsToItsClientAndLegacyIdsWork) {
  std::string rt = refresh_token();
  auto foreign = token("grant_type=refresh_token&refresh_token=" + http::query_escape(rt), "other:o");
  EXPECT_EQ(body(foreign)["error"], "invalid_grant");
  EXPECT_EQ(body(refresh(""))["error_description"], "No refresh token is found in request.");
  EXPECT_EQ(refresh("garbage!!").status, 400);
  // A legacy raw ID (dex before the token secret existed) whose stored secret is empty.
  storage::RefreshToken legacy{.id = base::new_id(), .client_id = "app", .connector_id = "mock",
                               .claims = {.user_id = "user-1"}, .scopes = {"openid", "offline_access"}};
  legacy.created_at = legacy.last_used = clock_.now();
  ASSERT_TRUE(store_->create_refresh_token(legacy));
  ASSERT_TRUE(store_->update_offline_sessions("user-1", "mock", [&](storage::OfflineSessions s) -> storage::Result<storage::OfflineSessions> {
    s.refresh["app"] = storage::RefreshTokenRef{.id = legacy.id, .client_id = "app"};
    return s;
  }));
  auto r = refresh(legacy.id);
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(TokenTest, ConcurrentRefreshesOfOneTokenLeaveOneWinner) {
  std::string rt = refresh_token();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, rejected{0}, other{0};
  std::mutex mu;
  std::vector<std::string> winners;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      auto r = refresh(rt);
      if (r.status == 200) {
        ++ok;
        std::lock_guard lock(mu);
        winners.push_back(body(r)["refresh_token"]);
      } else if (r.status == 400) {
        ++rejected;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(rejected, 49);
  EXPECT_EQ(other, 0);
  ASSERT_EQ(winners.size(), 1u);
  EXPECT_EQ(refresh(winners[0]).status, 200);  // the user still holds a valid token
}

TEST_F(TokenTest, ConcurrentRefreshesWithReuseIntervalAllSucceed) {
  build(grants::RefreshPolicy{.reuse_interval = 10s});
  std::string rt = refresh_token();
  clock_.advance(11s);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 50; ++i) threads.emplace_back([&] { ok += refresh(rt).status == 200; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 50);
}

TEST_F(TokenTest, PasswordGrant) {
  auto r = token("grant_type=password&username=jane%40example.com&password=secret&scope=openid+offline_access", "app:s3cr3t");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r)["id_token"], "idtoken.app.u-jane.at=access.app.c=");
  EXPECT_TRUE(body(r).contains("refresh_token"));
  auto wrong = token("grant_type=password&username=jane%40example.com&password=nope&scope=openid", "app:s3cr3t");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(body(wrong)["error"], "access_denied");
  EXPECT_EQ(body(wrong)["error_description"], "Invalid username or password");
  auto no_openid = token("grant_type=password&username=jane%40example.com&password=secret&scope=email", "app:s3cr3t");
  EXPECT_EQ(body(no_openid)["error"], "invalid_request");
  EXPECT_EQ(body(no_openid)["error_description"], R"(Missing required scope(s) ["openid"].)");
  auto bad_scope = token("grant_type=password&username=a&password=b&scope=openid+wat", "app:s3cr3t");
  EXPECT_EQ(body(bad_scope)["error_description"], R"(Unrecognized scope(s) ["wat"])");
}

TEST_F(TokenTest, TokenExchange) {
  const std::string base = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange";
  auto r = token(base + "&subject_token=upstream&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aid_token"
                        "&connector_id=mock&requested_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aid_token",
                 "app:s3cr3t");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r)["issued_token_type"], "urn:ietf:params:oauth:token-type:id_token");
  EXPECT_EQ(body(r)["access_token"], "idtoken.app.0-385-28089-0.at=.c=");
  EXPECT_TRUE(r.body.find("\"issued_token_type\"") < r.body.find("\"token_type\""));
  EXPECT_EQ(body(token(base + "&subject_token=x&subject_token_type=bogus&connector_id=mock", "app:s3cr3t"))["error"],
            "request_not_supported");
  EXPECT_EQ(body(token(base + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aid_token&connector_id=mock",
                       "app:s3cr3t"))["error_description"],
            "Missing subject_token");
  EXPECT_EQ(body(token(base + "&subject_token=x&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aid_token"
                              "&connector_id=local",
                       "app:s3cr3t"))["error_description"],
            "Requested connector does not exist.");
}

TEST_F(TokenTest, ClientCredentials) {
  auto r = token("grant_type=client_credentials&scope=openid+profile", "app:s3cr3t");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r)["id_token"], "idtoken.app.app.at=access.app.c=");
  EXPECT_FALSE(body(r).contains("refresh_token"));
  EXPECT_FALSE(body(token("grant_type=client_credentials", "app:s3cr3t")).contains("id_token"));
  EXPECT_EQ(body(token("grant_type=client_credentials&scope=offline_access", "app:s3cr3t"))["error"], "invalid_scope");
  auto pub = token("grant_type=client_credentials&client_id=public");
  EXPECT_EQ(body(pub)["error"], "unauthorized_client");
}

TEST_F(TokenTest, DeviceFlowEndToEnd) {
  http::Request code_req;
  code_req.method = "POST";
  code_req.body = "client_id=public&scope=openid+offline_access";
  code_req.headers.set("Content-Type", "application/x-www-form-urlencoded");
  auto issued = device_->handle_device_code(code_req);
  ASSERT_EQ(issued.status, 200) << issued.body;
  json d = body(issued);
  EXPECT_EQ(d["interval"], 5);
  EXPECT_EQ(d["expires_in"], 300);
  EXPECT_EQ(d["verification_uri"], "https://dex.example/dex/device");
  std::string user_code = d["user_code"], device_code = d["device_code"];
  EXPECT_EQ(d["verification_uri_complete"], "https://dex.example/dex/device?user_code=" + user_code);
  const std::string poll = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=" + device_code;

  EXPECT_EQ(body(token(poll))["error"], "authorization_pending");
  EXPECT_EQ(body(token(poll))["error"], "slow_down");
  clock_.advance(11s);
  EXPECT_EQ(body(token(poll))["error"], "authorization_pending");

  // The user enters the code in lower case; it is upper-cased.
  http::Request verify;
  verify.method = "POST";
  verify.body = "user_code=" + http::query_escape([&] { std::string l = user_code; for (char& c : l) c = static_cast<char>(std::tolower(c)); return l; }());
  verify.headers.set("Content-Type", "application/x-www-form-urlencoded");
  auto to_auth = device_->handle_verify_user_code(verify);
  ASSERT_EQ(to_auth.status, 302) << to_auth.body;
  std::string loc(to_auth.headers.get("Location"));
  EXPECT_TRUE(loc.starts_with("https://dex.example/dex/auth?client_id=public&")) << loc;
  EXPECT_EQ(loc.find("client_secret"), std::string::npos);

  // The browser flow ends with a code for the device callback.
  storage::AuthCode c{.id = base::new_id(), .client_id = "public", .redirect_uri = "/dex/device/callback",
                      .scopes = {"openid", "offline_access"}, .connector_id = "mock",
                      .claims = {.user_id = "user-9"}, .expiry = clock_.now() + 30min};
  ASSERT_TRUE(store_->create_auth_code(c));
  http::Request cb;
  cb.method = "GET";
  cb.query = "code=" + c.id + "&state=" + user_code;
  auto done = device_->handle_callback(cb);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body, "device_success|CLI");

  auto tokens = token(poll);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_TRUE(body(tokens).contains("refresh_token"));
  auto again = token(poll);
  EXPECT_EQ(again.status, 400);  // redeemed once
  EXPECT_EQ(body(again)["error"], "invalid_grant");
  clock_.advance(6min);
  EXPECT_EQ(body(token(poll))["error"], "expired_token");
}

TEST_F(TokenTest, DeviceCodeRequiresAKnownClientAndValidPkceMethod) {
  auto request = form_post;
  EXPECT_EQ(device_->handle_device_code(request("client_id=nobody")).status, 401);
  EXPECT_EQ(device_->handle_device_code(request("client_id=app&client_secret=wrong")).status, 401);
  EXPECT_EQ(body(device_->handle_device_code(request("client_id=public&code_challenge=x&code_challenge_method=S1")))
                ["error_description"],
            R"(Unsupported PKCE challenge method ("S1").)");
  http::Request invalid;
  invalid.method = "POST";
  invalid.headers.set("Content-Type", "application/x-www-form-urlencoded");
  invalid.body = "user_code=BCDF-GHJK";
  auto page = device_->handle_verify_user_code(invalid);
  EXPECT_EQ(page.status, 400);
  EXPECT_EQ(page.body, "device|/dex/device/auth/verify_code|BCDF-GHJK|invalid");
}

// Every device-flow endpoint refuses a request over the parameter limit with its own kind of 400.
TEST_F(TokenTest, DeviceFlowParameterLimit) {
  const std::string too_many = padding_parameters(http::kMaxParameters);
  auto post = form_post;
  auto code = device_->handle_device_code(post("client_id=public" + too_many));
  EXPECT_EQ(code.status, 400);
  EXPECT_EQ(body(code)["error_description"], http::kTooManyParameters);
  auto legacy = device_->handle_legacy_token(post("grant_type=x" + too_many));
  EXPECT_EQ(legacy.status, 400);
  EXPECT_EQ(body(legacy)["error_description"], http::kTooManyParameters);
  const std::string page = std::string("error|") + http::kTooManyParameters;
  EXPECT_EQ(device_->handle_verify_user_code(post("user_code=BCDF-GHJK" + too_many)).body, page);
  http::Request get;
  get.method = "GET";
  get.query = "user_code=BCDF-GHJK" + too_many;
  EXPECT_EQ(device_->handle_user_code_page(get).body, page);
  get.query = "code=c&state=BCDF-GHJK" + too_many;
  EXPECT_EQ(device_->handle_callback(get).body, page);
  get.query = "user_code=BCDF-GHJK" + padding_parameters(http::kMaxParameters - 1);
  EXPECT_EQ(device_->handle_user_code_page(get).status, 200);
}

}  // namespace
}  // namespace dexcc::server::testing
