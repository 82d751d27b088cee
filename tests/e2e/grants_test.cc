// End-to-end: every /token grant against the real binary on memory and SQLite storage — code
// redemption (client authentication, PKCE, binding), refresh rotation and lifetimes, password,
// token exchange, client_credentials, cross-client audiences, the error table of reference
// dex-server.md §3.8, then /userinfo and /token/introspect.
#include <gtest/gtest.h>

#include <thread>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

constexpr char kCallback[] = "http://127.0.0.1:5555/callback";
constexpr char kInvalidRefresh[] = "Refresh token is invalid or has already been claimed by another client.";
constexpr char kInvalidCode[] = "Invalid or expired code parameter.";
constexpr char kTokenExchange[] = "urn:ietf:params:oauth:grant-type:token-exchange";
constexpr char kIdTokenType[] = "urn:ietf:params:oauth:token-type:id_token";
constexpr char kAccessTokenType[] = "urn:ietf:params:oauth:token-type:access_token";
// The mock connector's user, and the static password user of the local connector.
constexpr char kMockUser[] = "0-385-28089-0";
constexpr char kAdminUser[] = "08a8684b-db88-4b73-90a9-3cd1661f5466";

const Basic kApp{"app", "app-secret"};
// Characters that only survive Basic authentication when form-encoded first (RFC 6749 §2.3.1).
const Basic kOdd{"odd:client", "p@ss w:rd+&%"};
const Basic kPeer{"peer", "peer-secret"};

constexpr char kDefaultOAuth2[] = "oauth2:\n  skipApprovalScreen: true\n  passwordConnector: local\n";

// Four clients (`peer` trusts `app` for cross-client audiences), the mock connector and the local
// password database; `oauth2` and `extra` are whole top-level YAML blocks.
std::string config(const std::string& oauth2 = kDefaultOAuth2, const std::string& extra = {}) {
  return "staticClients:\n" + app_client_yaml("'http://127.0.0.1:5555/callback', 'http://127.0.0.1:5555/other'") +
         R"(- id: 'odd:client'
  secret: 'p@ss w:rd+&%'
  name: Odd
  redirectURIs: ['http://127.0.0.1:5555/callback']
- id: peer
  secret: peer-secret
  name: Peer
  trustedPeers: [app]
  redirectURIs: ['http://127.0.0.1:5555/callback']
- id: cli
  public: true
  name: CLI
)" + kMockConnectorYaml + kPasswordDbYaml + oauth2 + extra;
}

std::string refresh_policy(const std::string& lines) {
  return "expiry:\n  refreshTokens:\n" + lines;
}

class E2EGrants : public StoreTest {
 protected:
  DexccInstance& run(const std::string& oauth2 = kDefaultOAuth2, const std::string& extra = {},
                     std::vector<std::string> env = {}) {
    return start_ok(config(oauth2, extra), std::move(env));
  }
};

// "Authorization: Basic" exactly as given, without the form-encoding step.
std::string raw_basic(const std::string& id, const std::string& secret) {
  return "Authorization: Basic " + base::base64_encode(id + ":" + secret) + "\r\n";
}

Fields code_body(const std::string& code, const std::string& redirect_uri = kCallback) {
  return {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect_uri}};
}

Fields with(Fields fields, const Fields& more) {
  fields.insert(fields.end(), more.begin(), more.end());
  return fields;
}

// A successful token response in dex's shape (reference §3.1).
void expect_token_response(const TokenReply& t) {
  ASSERT_EQ(t.status(), 200) << t.http.body;
  expect_no_store(t.http);
  EXPECT_EQ(t.str("token_type"), "bearer");
  ASSERT_TRUE(t.json.contains("expires_in")) << t.http.body;
  EXPECT_GT(t.json["expires_in"].get<long long>(), 0);
  EXPECT_LE(t.json["expires_in"].get<long long>(), 86400);
  EXPECT_FALSE(t.json.contains("scope"));
  EXPECT_FALSE(t.str("access_token").empty());
}

TokenReply password_grant(const DexccInstance& dex, const Basic& client, const std::string& scope,
                          const std::string& user = "admin@example.com", const std::string& pass = "password") {
  return token(dex, {{"grant_type", "password"}, {"username", user}, {"password", pass}, {"scope", scope}},
               client);
}

// ---- authorization_code ----------------------------------------------------------------------

TEST_P(E2EGrants, CodeWithFormEncodedBasicCredentials) {
  DexccInstance& dex = run();
  AuthParams p{.client_id = kOdd.id, .scope = "openid email offline_access", .extra = {{"nonce", "n-1"}}};
  std::string code = login_code(dex, p);

  // Unencoded, the ':' in the ID splits the pair early and the lone '%' cannot be decoded.
  HttpResult raw = fetch(dex, "POST", dex.path("/token"), encode(code_body(code)), raw_basic(kOdd.id, kOdd.secret));
  EXPECT_EQ(raw.status, 400) << raw.body;
  EXPECT_EQ(raw.body, R"({"error":"invalid_request","error_description":"client_secret improperly encoded"})");

  TokenReply t = redeem(dex, code, kOdd);
  expect_token_response(t);
  EXPECT_FALSE(t.str("refresh_token").empty());
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["iss"], dex.issuer());
  EXPECT_EQ(id["aud"], kOdd.id);
  EXPECT_EQ(id["sub"], subject(kMockUser, "mock"));
  EXPECT_EQ(id["nonce"], "n-1");
  EXPECT_EQ(id["email"], "kilgore@kilgore.trout");
  EXPECT_TRUE(id.contains("at_hash"));
  EXPECT_TRUE(id.contains("c_hash"));  // dex adds it at the token endpoint too
  EXPECT_FALSE(id.contains("azp"));
  auto access = claims_of(t.str("access_token"));
  EXPECT_EQ(access["aud"], kOdd.id);
  EXPECT_EQ(access["sub"], id["sub"]);
}

TEST_P(E2EGrants, CodeWithBodyCredentialsAndBasicTakingPrecedence) {
  DexccInstance& dex = run();
  std::string code = login_code(dex, AuthParams{});
  TokenReply body_auth = token(dex, with(code_body(code), {{"client_id", "app"}, {"client_secret", "app-secret"}}));
  expect_token_response(body_auth);

  // With a Basic header the body's credentials are ignored, whether right or wrong.
  code = login_code(dex, AuthParams{});
  expect_token_response(token(dex, with(code_body(code), {{"client_id", "app"}, {"client_secret", "wrong"}}), kApp));
  code = login_code(dex, AuthParams{});
  expect_oauth_error(token(dex, with(code_body(code), {{"client_id", "app"}, {"client_secret", "app-secret"}}),
                           Basic{"app", "wrong"}),
                     401, "invalid_client", "Invalid client credentials.");
  // A refused client did not use up the code.
  expect_token_response(redeem(dex, code, kApp));
}

TEST_P(E2EGrants, PublicClientRedeemsWithItsIdAlone) {
  DexccInstance& dex = run();
  AuthParams p{.client_id = "cli", .redirect_uri = "http://localhost:8000/cb"};
  std::string code = login_code(dex, p);
  // A public client without a secret must not present one either.
  expect_oauth_error(token(dex, with(code_body(code, p.redirect_uri), {{"client_id", "cli"}, {"client_secret", "x"}})),
                     401, "invalid_client", "Invalid client credentials.");
  TokenReply t = token(dex, with(code_body(code, p.redirect_uri), {{"client_id", "cli"}}));
  expect_token_response(t);
  EXPECT_EQ(claims_of(t.str("id_token"))["aud"], "cli");
}

TEST_P(E2EGrants, PkceS256) {
  DexccInstance& dex = run();
  const std::string verifier = "a-verifier-of-at-least-forty-three-characters-0123456789";
  AuthParams p{.extra = {{"code_challenge", pkce_s256(verifier)}, {"code_challenge_method", "S256"}}};
  std::string code = login_code(dex, p);
  expect_oauth_error(redeem(dex, code, kApp), 400, "invalid_grant", "Expecting parameter code_verifier in PKCE flow.");
  expect_oauth_error(redeem(dex, code, kApp, kCallback, {{"code_verifier", verifier + "x"}}), 400, "invalid_grant",
                     "Invalid code_verifier.");
  // The S256 challenge itself is not a valid verifier.
  expect_oauth_error(redeem(dex, code, kApp, kCallback, {{"code_verifier", pkce_s256(verifier)}}), 400,
                     "invalid_grant", "Invalid code_verifier.");
  expect_token_response(redeem(dex, code, kApp, kCallback, {{"code_verifier", verifier}}));
  expect_oauth_error(redeem(dex, code, kApp, kCallback, {{"code_verifier", verifier}}), 400, "invalid_grant",
                     kInvalidCode);
}

TEST_P(E2EGrants, PkcePlainAndVerifierWithoutChallenge) {
  DexccInstance& dex = run();
  const std::string verifier = "plain-verifier-of-at-least-forty-three-characters-0123456";
  // "plain" explicitly, and as the default when no method is given.
  for (const Fields& extra : {Fields{{"code_challenge", verifier}, {"code_challenge_method", "plain"}},
                              Fields{{"code_challenge", verifier}}}) {
    std::string code = login_code(dex, AuthParams{.extra = extra});
    expect_oauth_error(redeem(dex, code, kApp, kCallback, {{"code_verifier", pkce_s256(verifier)}}), 400,
                       "invalid_grant", "Invalid code_verifier.");
    expect_token_response(redeem(dex, code, kApp, kCallback, {{"code_verifier", verifier}}));
  }
  std::string code = login_code(dex, AuthParams{});
  expect_oauth_error(redeem(dex, code, kApp, kCallback, {{"code_verifier", verifier}}), 400, "invalid_request",
                     "No PKCE flow started. Cannot check code_verifier.");
  expect_token_response(redeem(dex, code, kApp));
}

TEST_P(E2EGrants, CodeIsSingleUseAndBoundToClientAndRedirectUri) {
  DexccInstance& dex = run();
  std::string code = login_code(dex, AuthParams{});
  // Another client, even a registered one, cannot redeem it; dex v2.45.1 answers 500 here.
  expect_oauth_error(redeem(dex, code, kPeer), 400, "invalid_grant", kInvalidCode);
  for (const std::string uri : {"http://127.0.0.1:5555/other", "", "http://127.0.0.1:5555/callback/"}) {
    SCOPED_TRACE(uri);
    expect_oauth_error(redeem(dex, code, kApp, uri), 400, "invalid_request",
                       "redirect_uri did not match URI from initial request.");
  }
  TokenReply first = redeem(dex, code, kApp);
  expect_token_response(first);
  TokenReply replay = redeem(dex, code, kApp);
  expect_oauth_error(replay, 400, "invalid_grant", kInvalidCode);
  expect_no_store(replay.http);

  expect_oauth_error(token(dex, {{"grant_type", "authorization_code"}, {"redirect_uri", kCallback}}, kApp), 400,
                     "invalid_request", "Required param: code.");
  expect_oauth_error(redeem(dex, "nosuchcode", kApp), 400, "invalid_grant", kInvalidCode);
}

// ---- refresh_token ---------------------------------------------------------------------------

TEST_P(E2EGrants, RefreshRotatesAndRefusesTheObsoleteToken) {
  DexccInstance& dex = run();
  AuthParams p{.scope = "openid email offline_access", .extra = {{"nonce", "n-7"}}};
  TokenReply login_reply = login_tokens(dex, p, kApp);
  expect_token_response(login_reply);
  std::string r0 = login_reply.str("refresh_token");
  ASSERT_FALSE(r0.empty());

  TokenReply first = refresh(dex, r0, kApp);
  expect_token_response(first);
  std::string r1 = first.str("refresh_token");
  EXPECT_NE(r1, r0);
  auto id = claims_of(first.str("id_token"));
  EXPECT_EQ(id["nonce"], "n-7");  // the original authorization's nonce
  EXPECT_TRUE(id.contains("at_hash"));
  EXPECT_FALSE(id.contains("c_hash"));
  EXPECT_EQ(id["email"], "kilgore@kilgore.trout");

  expect_oauth_error(refresh(dex, r0, kApp), 400, "invalid_request", kInvalidRefresh);
  // Another client presenting a valid token: invalid_grant, and the token stays usable.
  expect_oauth_error(refresh(dex, r1, kPeer), 400, "invalid_grant", kInvalidRefresh);
  TokenReply second = refresh(dex, r1, kApp);
  expect_token_response(second);
  std::string r2 = second.str("refresh_token");

  expect_oauth_error(refresh(dex, "", kApp), 400, "invalid_request", "No refresh token is found in request.");
  expect_oauth_error(refresh(dex, "not-a-token", kApp), 400, "invalid_request", kInvalidRefresh);
  expect_oauth_error(refresh(dex, r2, Basic{"app", "wrong"}), 401, "invalid_client", "Invalid client credentials.");

  // A new login of the same user to the same client replaces the offline session's token.
  TokenReply again = login_tokens(dex, p, kApp);
  expect_token_response(again);
  expect_oauth_error(refresh(dex, r2, kApp), 400, "invalid_request", kInvalidRefresh);
  expect_token_response(refresh(dex, again.str("refresh_token"), kApp));
  // The password user's offline session is separate from the mock user's.
  expect_token_response(password_grant(dex, kApp, "openid offline_access"));
}

TEST_P(E2EGrants, RefreshNarrowsScopesWithoutLosingThem) {
  DexccInstance& dex = run();
  TokenReply login_reply =
      login_tokens(dex, AuthParams{.scope = "openid email profile groups offline_access"}, kApp);
  expect_token_response(login_reply);
  auto full = claims_of(login_reply.str("id_token"));
  EXPECT_EQ(full["name"], "Kilgore Trout");
  EXPECT_EQ(full["groups"], nlohmann::json::array({"authors"}));

  TokenReply narrow = refresh(dex, login_reply.str("refresh_token"), kApp, "openid email");
  expect_token_response(narrow);
  auto narrowed = claims_of(narrow.str("id_token"));
  EXPECT_EQ(narrowed["email"], "kilgore@kilgore.trout");
  EXPECT_FALSE(narrowed.contains("name"));
  EXPECT_FALSE(narrowed.contains("groups"));

  std::string current = narrow.str("refresh_token");
  expect_oauth_error(refresh(dex, current, kApp, "openid federated:id groups"), 400, "invalid_request",
                     R"(Requested scopes contain unauthorized scope(s): ["federated:id"].)");
  // The stored scopes were not narrowed: asking for none gives the original set back.
  TokenReply wide = refresh(dex, current, kApp);
  expect_token_response(wide);
  auto widened = claims_of(wide.str("id_token"));
  EXPECT_EQ(widened["name"], "Kilgore Trout");
  EXPECT_EQ(widened["groups"], nlohmann::json::array({"authors"}));
}

TEST_P(E2EGrants, RefreshReuseIntervalAnswersRetriesWithTheCurrentToken) {
  DexccInstance& dex = run(kDefaultOAuth2, refresh_policy("    reuseInterval: 2s\n"));
  Stopwatch since_login;
  TokenReply login_reply = login_tokens(dex, AuthParams{.scope = "openid offline_access"}, kApp);
  expect_token_response(login_reply);
  std::string r0 = login_reply.str("refresh_token");

  // Inside the interval after issue the token is handed back unrotated, as in dex.
  TokenReply early = refresh(dex, r0, kApp);
  expect_token_response(early);
  if (since_login.seconds() < 2.0) {
    EXPECT_EQ(early.str("refresh_token"), r0);
  }
  std::string old_token = early.str("refresh_token");

  // Outside the interval the token rotates...
  std::this_thread::sleep_for(2500ms);
  Stopwatch since_rotation;
  TokenReply rotated = refresh(dex, old_token, kApp);
  expect_token_response(rotated);
  std::string current = rotated.str("refresh_token");
  EXPECT_NE(current, old_token);
  // ...and a retry with the old token inside the interval gets the current one, not a refusal.
  TokenReply retry = refresh(dex, old_token, kApp);
  TokenReply repeat = refresh(dex, current, kApp);
  if (since_rotation.seconds() < 2.0) {
    expect_token_response(retry);
    EXPECT_EQ(retry.str("refresh_token"), current);
    expect_token_response(repeat);
    EXPECT_EQ(repeat.str("refresh_token"), current);
  }
  if (repeat.status() == 200) current = repeat.str("refresh_token");

  // Once the interval has passed the obsolete token is refused and the current one rotates.
  std::this_thread::sleep_for(2500ms);
  expect_oauth_error(refresh(dex, old_token, kApp), 400, "invalid_request", kInvalidRefresh);
  TokenReply later = refresh(dex, current, kApp);
  expect_token_response(later);
  EXPECT_NE(later.str("refresh_token"), current);
}

TEST_P(E2EGrants, RefreshWithRotationDisabledKeepsTheToken) {
  DexccInstance& dex = run(kDefaultOAuth2, refresh_policy("    disableRotation: true\n"));
  TokenReply login_reply = login_tokens(dex, AuthParams{.scope = "openid offline_access"}, kApp);
  std::string r0 = login_reply.str("refresh_token");
  for (int i = 0; i < 3; ++i) {
    TokenReply t = refresh(dex, r0, kApp);
    expect_token_response(t);
    EXPECT_EQ(t.str("refresh_token"), r0);
  }
}

TEST_P(E2EGrants, RefreshAbsoluteLifetime) {
  DexccInstance& dex = run(kDefaultOAuth2, refresh_policy("    absoluteLifetime: 3s\n"));
  Stopwatch since_login;
  TokenReply login_reply = login_tokens(dex, AuthParams{.scope = "openid offline_access"}, kApp);
  Stopwatch since_issue;
  std::string current = login_reply.str("refresh_token");
  ASSERT_FALSE(current.empty()) << login_reply.http.body;

  TokenReply early = refresh(dex, current, kApp);
  TokenReply info = introspect(dex, early.str("refresh_token"));
  if (since_login.seconds() < 3.0) {
    expect_token_response(early);
    EXPECT_EQ(info.json["active"], true) << info.http.body;
    // The reported expiry is the absolute lifetime, counted from issue.
    EXPECT_EQ(info.json["exp"].get<long long>() - info.json["iat"].get<long long>(), 3) << info.http.body;
  }
  if (early.status() == 200) current = early.str("refresh_token");

  // Rotation does not restart the clock.
  std::this_thread::sleep_for(std::chrono::duration<double>(3.5 - since_issue.seconds()));
  expect_oauth_error(refresh(dex, current, kApp), 400, "invalid_request", "Refresh token expired.");
  EXPECT_EQ(introspect(dex, current).http.body, "{\"active\":false}\n");
}

TEST_P(E2EGrants, RefreshIdleLifetimeIsExtendedByUse) {
  DexccInstance& dex = run(kDefaultOAuth2, refresh_policy("    validIfNotUsedFor: 3s\n"));
  Stopwatch since_use;
  TokenReply login_reply = login_tokens(dex, AuthParams{.scope = "openid offline_access"}, kApp);
  std::string current = login_reply.str("refresh_token");
  ASSERT_FALSE(current.empty()) << login_reply.http.body;
  Stopwatch total;
  // Each use within the idle window succeeds and opens a new window, past the first one's end.
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(1s);
    Stopwatch before;
    TokenReply t = refresh(dex, current, kApp);
    if (since_use.seconds() < 3.0) expect_token_response(t);
    if (t.status() != 200) break;
    current = t.str("refresh_token");
    since_use = before;
  }
  std::this_thread::sleep_for(3500ms);
  expect_oauth_error(refresh(dex, current, kApp), 400, "invalid_request", "Refresh token expired.");
}

// ---- password --------------------------------------------------------------------------------

TEST_P(E2EGrants, PasswordGrantThroughTheLocalConnector) {
  DexccInstance& dex = run();
  TokenReply t = token(dex,
                       {{"grant_type", "password"},
                        {"username", "admin@example.com"},
                        {"password", "password"},
                        {"scope", "openid profile email offline_access"},
                        {"nonce", "pw-1"}},
                       kApp);
  expect_token_response(t);
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject(kAdminUser, "local"));
  EXPECT_EQ(id["aud"], "app");
  EXPECT_EQ(id["name"], "admin");
  EXPECT_EQ(id["email"], "admin@example.com");
  EXPECT_EQ(id["nonce"], "pw-1");
  EXPECT_TRUE(id.contains("at_hash"));
  EXPECT_FALSE(id.contains("c_hash"));
  ASSERT_FALSE(t.str("refresh_token").empty());
  TokenReply refreshed = refresh(dex, t.str("refresh_token"), kApp);
  expect_token_response(refreshed);
  EXPECT_EQ(claims_of(refreshed.str("id_token"))["email"], "admin@example.com");

  TokenReply no_offline = password_grant(dex, kApp, "openid");
  expect_token_response(no_offline);
  EXPECT_TRUE(no_offline.str("refresh_token").empty());
}

TEST_P(E2EGrants, PasswordGrantErrors) {
  DexccInstance& dex = run();
  // Bad credentials are 401 access_denied in dex, not invalid_grant.
  expect_oauth_error(password_grant(dex, kApp, "openid", "admin@example.com", "wrong"), 401, "access_denied",
                     "Invalid username or password");
  expect_oauth_error(password_grant(dex, kApp, "openid", "nobody@example.com", "password"), 401, "access_denied",
                     "Invalid username or password");
  expect_oauth_error(password_grant(dex, kApp, "email"), 400, "invalid_request",
                     R"(Missing required scope(s) ["openid"].)");
  expect_oauth_error(password_grant(dex, kApp, "openid bogus"), 400, "invalid_request",
                     R"(Unrecognized scope(s) ["bogus"])");
  expect_oauth_error(password_grant(dex, kApp, "openid audience:server:client_id:cli"), 400, "invalid_request",
                     R"(Client can't request scope(s) ["audience:server:client_id:cli"])");
  expect_oauth_error(password_grant(dex, Basic{"app", "wrong"}, "openid"), 401, "invalid_client",
                     "Invalid client credentials.");
  // Credentials are read from the body only, never from the URL (as newer dex).
  HttpResult in_query =
      fetch(dex, "POST", dex.path("/token") + "?username=admin%40example.com&password=password",
            encode({{"grant_type", "password"}, {"scope", "openid"}}), basic_header(kApp));
  EXPECT_EQ(in_query.status, 401) << in_query.body;
}

TEST_P(E2EGrants, PasswordGrantNeedsAPasswordConnector) {
  DexccInstance& dex = run("oauth2:\n  skipApprovalScreen: true\n");
  expect_oauth_error(password_grant(dex, kApp, "openid"), 400, "unsupported_grant_type");
}

// ---- token exchange --------------------------------------------------------------------------

TEST_P(E2EGrants, TokenExchangeThroughTheMockConnector) {
  DexccInstance& dex = run();
  Fields base{{"grant_type", kTokenExchange},
              {"subject_token", "an-upstream-token"},
              {"subject_token_type", kIdTokenType},
              {"connector_id", "mock"},
              {"scope", "openid email"}};
  TokenReply t = token(dex, base, kApp);
  expect_token_response(t);
  EXPECT_EQ(t.str("issued_token_type"), kAccessTokenType);
  EXPECT_TRUE(t.str("refresh_token").empty());
  EXPECT_TRUE(t.str("id_token").empty());
  auto access = claims_of(t.str("access_token"));
  EXPECT_EQ(access["aud"], "app");
  EXPECT_EQ(access["sub"], subject(kMockUser, "mock"));
  EXPECT_EQ(access["email"], "kilgore@kilgore.trout");
  EXPECT_EQ(userinfo(dex, t.str("access_token")).status, 200);

  TokenReply as_id = token(dex, with(base, {{"requested_token_type", kIdTokenType}}), kApp);
  expect_token_response(as_id);
  EXPECT_EQ(as_id.str("issued_token_type"), kIdTokenType);
  TokenReply from_access = token(dex, with(base, {{"subject_token_type", kAccessTokenType}}), kPeer);
  expect_token_response(from_access);
  EXPECT_EQ(claims_of(from_access.str("access_token"))["aud"], "peer");
}

TEST_P(E2EGrants, TokenExchangeErrors) {
  DexccInstance& dex = run();
  auto exchange = [&](const std::string& subject_token, const std::string& type, const std::string& connector,
                      const Fields& more = {}) {
    Fields f{{"grant_type", kTokenExchange}};
    if (!subject_token.empty()) f.emplace_back("subject_token", subject_token);
    if (!type.empty()) f.emplace_back("subject_token_type", type);
    if (!connector.empty()) f.emplace_back("connector_id", connector);
    return token(dex, with(f, more), kApp);
  };
  expect_oauth_error(exchange("t", "", "mock"), 400, "request_not_supported", "Invalid subject_token_type.");
  expect_oauth_error(exchange("t", "urn:ietf:params:oauth:token-type:refresh_token", "mock"), 400,
                     "request_not_supported", "Invalid subject_token_type.");
  expect_oauth_error(exchange("", kIdTokenType, "mock"), 400, "invalid_request", "Missing subject_token");
  // The local password database cannot verify upstream tokens; neither can a connector that does not exist.
  for (const std::string connector : {"local", "nope", ""}) {
    SCOPED_TRACE(connector);
    expect_oauth_error(exchange("t", kIdTokenType, connector), 400, "invalid_request",
                       "Requested connector does not exist.");
  }
  expect_oauth_error(
      exchange("t", kIdTokenType, "mock", {{"requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"}}),
      400, "request_not_supported", "Invalid requested_token_type.");
  TokenReply anonymous = post_json(dex, "/token",
                                   {{"grant_type", kTokenExchange},
                                    {"subject_token", "t"},
                                    {"subject_token_type", kIdTokenType},
                                    {"connector_id", "mock"}});
  expect_oauth_error(anonymous, 401, "invalid_client", "Invalid client credentials.");
}

// ---- client_credentials ----------------------------------------------------------------------

std::vector<std::string> discovered_grants(const DexccInstance& dex) {
  HttpResult r = fetch(dex, "GET", dex.path("/.well-known/openid-configuration"));
  auto doc = nlohmann::json::parse(r.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("grant_types_supported")) return {};
  return doc["grant_types_supported"].get<std::vector<std::string>>();
}

bool lists(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_P(E2EGrants, ClientCredentialsIsOffByDefault) {
  DexccInstance& dex = run();
  expect_oauth_error(token(dex, {{"grant_type", "client_credentials"}}, kApp), 400, "unsupported_grant_type");
  EXPECT_FALSE(lists(discovered_grants(dex), "client_credentials"));
}

TEST_P(E2EGrants, ClientCredentialsWhenListedInGrantTypes) {
  DexccInstance& dex = run("oauth2:\n  grantTypes: [authorization_code, client_credentials]\n");
  auto grants = discovered_grants(dex);
  EXPECT_TRUE(lists(grants, "client_credentials"));
  EXPECT_FALSE(lists(grants, "refresh_token"));

  TokenReply bare = token(dex, {{"grant_type", "client_credentials"}}, kApp);
  expect_token_response(bare);
  EXPECT_TRUE(bare.str("id_token").empty());  // no openid, no ID token
  EXPECT_TRUE(bare.str("refresh_token").empty());
  auto access = claims_of(bare.str("access_token"));
  EXPECT_EQ(access["sub"], subject("app", ""));  // the client is the subject
  EXPECT_EQ(access["aud"], "app");

  TokenReply with_id = token(dex, {{"grant_type", "client_credentials"}, {"scope", "openid profile"}}, kApp);
  expect_token_response(with_id);
  auto id = claims_of(with_id.str("id_token"));
  EXPECT_EQ(id["name"], "The App");
  EXPECT_EQ(id["preferred_username"], "The App");
  EXPECT_TRUE(with_id.str("refresh_token").empty());

  expect_oauth_error(token(dex, {{"grant_type", "client_credentials"}, {"scope", "openid offline_access"}}, kApp),
                     400, "invalid_scope", "client_credentials grant does not support offline_access scope.");
  expect_oauth_error(token(dex, {{"grant_type", "client_credentials"}, {"scope", "federated:id"}}, kApp), 400,
                     "invalid_scope", "client_credentials grant does not support federated:id scope.");
  expect_oauth_error(token(dex, {{"grant_type", "client_credentials"}, {"scope", "bogus"}}, kApp), 400,
                     "invalid_scope", R"(Unrecognized scope(s) ["bogus"])");
  expect_oauth_error(token(dex, {{"grant_type", "client_credentials"}, {"client_id", "cli"}}), 400,
                     "unauthorized_client", "Public clients cannot use client_credentials grant.");
  expect_oauth_error(token(dex, {{"grant_type", "client_credentials"}}, Basic{"app", "nope"}), 401, "invalid_client",
                     "Invalid client credentials.");
  // Grants left out of the list are off.
  expect_oauth_error(refresh(dex, "anything", kApp), 400, "unsupported_grant_type");
}

TEST_P(E2EGrants, ClientCredentialsByEnvironmentDefault) {
  DexccInstance& dex = run(kDefaultOAuth2, {}, {"DEX_CLIENT_CREDENTIAL_GRANT_ENABLED_BY_DEFAULT=true"});
  expect_token_response(token(dex, {{"grant_type", "client_credentials"}}, kApp));
}

// ---- cross-client ----------------------------------------------------------------------------

TEST_P(E2EGrants, CrossClientAudienceForTrustedPeers) {
  DexccInstance& dex = run();
  TokenReply t = login_tokens(dex, AuthParams{.scope = "openid offline_access audience:server:client_id:peer"}, kApp);
  expect_token_response(t);
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["aud"], nlohmann::json::array({"peer", "app"}));
  EXPECT_EQ(id["azp"], "app");
  EXPECT_EQ(claims_of(t.str("access_token"))["aud"], nlohmann::json::array({"peer", "app"}));

  TokenReply refreshed = refresh(dex, t.str("refresh_token"), kApp);
  expect_token_response(refreshed);
  EXPECT_EQ(claims_of(refreshed.str("id_token"))["aud"], nlohmann::json::array({"peer", "app"}));

  // Introspection names the requesting client (azp); a refresh token's audience is its client.
  TokenReply access_info = introspect(dex, refreshed.str("access_token"));
  EXPECT_EQ(access_info.json["client_id"], "app") << access_info.http.body;
  EXPECT_EQ(access_info.json["aud"], nlohmann::json::array({"peer", "app"}));
  TokenReply refresh_info = introspect(dex, refreshed.str("refresh_token"));
  EXPECT_EQ(refresh_info.json["aud"], "app") << refresh_info.http.body;

  // Asking for yourself is always allowed and adds nothing.
  TokenReply self = password_grant(dex, kApp, "openid audience:server:client_id:app");
  expect_token_response(self);
  EXPECT_EQ(claims_of(self.str("id_token"))["aud"], "app");
  // Trust is one-way, and an unknown peer trusts nobody.
  expect_oauth_error(password_grant(dex, kPeer, "openid audience:server:client_id:app"), 400, "invalid_request",
                     R"(Client can't request scope(s) ["audience:server:client_id:app"])");
  expect_oauth_error(password_grant(dex, kApp, "openid audience:server:client_id:ghost"), 400, "invalid_request",
                     R"(Client can't request scope(s) ["audience:server:client_id:ghost"])");
}

// ---- errors (reference §3.8) -----------------------------------------------------------------

TEST_P(E2EGrants, TokenEndpointErrors) {
  DexccInstance& dex = run();
  TokenReply get;
  get.http = fetch(dex, "GET", dex.path("/token") + "?grant_type=client_credentials");
  get.json = nlohmann::json::parse(get.http.body, nullptr, false);
  expect_oauth_error(get, 400, "invalid_request", "method not allowed");
  expect_no_store(get.http);

  for (const Fields& body : {Fields{}, Fields{{"grant_type", "bogus"}}, Fields{{"grant_type", "implicit"}},
                             Fields{{"grant_type", ""}}}) {
    TokenReply t = token(dex, body, kApp);
    expect_oauth_error(t, 400, "unsupported_grant_type");
    expect_no_store(t.http);
  }
  // grant_type counts only in the body.
  HttpResult in_query = fetch(dex, "POST", dex.path("/token") + "?grant_type=authorization_code",
                              encode({{"code", "x"}}), basic_header(kApp));
  EXPECT_EQ(in_query.status, 400);
  EXPECT_EQ(in_query.body, R"({"error":"unsupported_grant_type"})");

  std::string code = login_code(dex, AuthParams{});
  // Unknown client, wrong or missing secret: 401 invalid_client.
  TokenReply unknown = token(dex, with(code_body(code), {{"client_id", "ghost"}, {"client_secret", "x"}}));
  expect_oauth_error(unknown, 401, "invalid_client", "Invalid client credentials.");
  expect_no_store(unknown.http);
  EXPECT_EQ(unknown.http.header("www-authenticate"), "");
  expect_oauth_error(token(dex, with(code_body(code), {{"client_id", "app"}})), 401, "invalid_client",
                     "Invalid client credentials.");
  expect_oauth_error(token(dex, code_body(code)), 401, "invalid_client", "Invalid client credentials.");
  // Basic failures too, with the `WWW-Authenticate: Basic` challenge RFC 6749 §5.2 requires when
  // the client used the Authorization header (dex sends none; docs/compatibility.md).
  for (const Basic& wrong : {Basic{"app", "wrong"}, Basic{"ghost", "app-secret"}, Basic{"app", ""}}) {
    TokenReply t = redeem(dex, code, wrong);
    expect_oauth_error(t, 401, "invalid_client", "Invalid client credentials.");
    EXPECT_EQ(t.http.header("www-authenticate"), "Basic realm=\"dex\"");
  }
  TokenReply bad_encoding;
  bad_encoding.http = fetch(dex, "POST", dex.path("/token"), encode(code_body(code)), raw_basic("%zz", "s"));
  bad_encoding.json = nlohmann::json::parse(bad_encoding.http.body, nullptr, false);
  expect_oauth_error(bad_encoding, 400, "invalid_request", "client_id improperly encoded");
  // None of that used up the code.
  expect_token_response(redeem(dex, code, kApp));
}

// ---- userinfo and introspection (reference §4) -----------------------------------------------

TEST_P(E2EGrants, Userinfo) {
  DexccInstance& dex = run();
  TokenReply t = login_tokens(dex, AuthParams{.scope = "openid email profile"}, kApp);
  expect_token_response(t);
  std::string access = t.str("access_token");

  HttpResult info = userinfo(dex, access);
  ASSERT_EQ(info.status, 200) << info.body;
  // The verified token's own payload, verbatim.
  EXPECT_EQ(nlohmann::json::parse(info.body, nullptr, false), claims_of(access));
  EXPECT_EQ(fetch(dex, "GET", dex.path("/userinfo"), {}, "Authorization: bearer " + access + "\r\n").status, 200);
  EXPECT_EQ(userinfo(dex, t.str("id_token")).status, 200);  // any dexcc JWT works, as in dex
  HttpResult post = fetch(dex, "POST", dex.path("/userinfo"), "", bearer(access));
  EXPECT_EQ(post.status, 200) << post.body;

  HttpResult none = fetch(dex, "GET", dex.path("/userinfo"));
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  EXPECT_EQ(none.body, R"({"error":"access_denied","error_description":"Invalid bearer token."})");
  EXPECT_EQ(fetch(dex, "GET", dex.path("/userinfo"), {}, basic_header(kApp)).status, 401);

  HttpResult garbage = userinfo(dex, "not-a-jwt");
  EXPECT_EQ(garbage.status, 403);
  EXPECT_EQ(garbage.header("www-authenticate"), "");
  EXPECT_EQ(garbage.body, R"({"error":"access_denied","error_description":"Invalid bearer token."})");
}

// The token with its payload swapped for another valid one: the signature no longer matches.
std::string tampered(const std::string& jwt, const std::string& other) {
  size_t a = jwt.find('.'), b = jwt.rfind('.');
  size_t oa = other.find('.'), ob = other.rfind('.');
  return jwt.substr(0, a) + other.substr(oa, ob - oa) + jwt.substr(b);
}

TEST_P(E2EGrants, IntrospectionActiveInactiveUnknownAndForeign) {
  DexccInstance& dex = run();
  TokenReply t = login_tokens(dex, AuthParams{.scope = "openid email offline_access"}, kApp);
  expect_token_response(t);
  std::string access = t.str("access_token");
  auto claims = claims_of(access);

  TokenReply a = introspect(dex, access);
  ASSERT_EQ(a.status(), 200) << a.http.body;
  EXPECT_EQ(a.http.header("cache-control"), "no-store");
  EXPECT_EQ(a.json["active"], true);
  EXPECT_EQ(a.json["client_id"], "app");
  EXPECT_EQ(a.json["sub"], claims["sub"]);
  EXPECT_EQ(a.json["exp"], claims["exp"]);
  EXPECT_EQ(a.json["iat"], claims["iat"]);
  EXPECT_EQ(a.json["nbf"], claims["iat"]);
  EXPECT_EQ(a.json["aud"], "app");
  EXPECT_EQ(a.json["iss"], dex.issuer());
  EXPECT_EQ(a.json["token_type"], "Bearer");
  EXPECT_EQ(a.json["token_use"], "access_token");
  EXPECT_EQ(a.json["ext"]["email"], "kilgore@kilgore.trout");
  EXPECT_FALSE(a.json.contains("scope"));

  TokenReply r = introspect(dex, t.str("refresh_token"));
  ASSERT_EQ(r.status(), 200) << r.http.body;
  EXPECT_EQ(r.json["active"], true);
  EXPECT_EQ(r.json["token_use"], "refresh_token");
  EXPECT_EQ(r.json["client_id"], "app");
  EXPECT_EQ(r.json["sub"], subject(kMockUser, "mock"));
  EXPECT_EQ(r.json["exp"], r.json["iat"]);  // no absolute lifetime configured: dex reports exp = iat
  EXPECT_EQ(r.json["ext"]["name"], "Kilgore Trout");

  // After rotation the old refresh token is inactive; unknown values are inactive too.
  TokenReply rotated = refresh(dex, t.str("refresh_token"), kApp);
  expect_token_response(rotated);
  const std::string kInactive = "{\"active\":false}\n";
  for (const std::string& value :
       {t.str("refresh_token"), std::string("unknown"), tampered(access, rotated.str("access_token")),
        access.substr(0, access.rfind('.') + 1) + "AAAA"}) {
    TokenReply inactive = introspect(dex, value);
    EXPECT_EQ(inactive.status(), 200);
    EXPECT_EQ(inactive.http.body, kInactive) << value;
    EXPECT_EQ(inactive.http.header("cache-control"), "no-store");
  }
  EXPECT_EQ(introspect(dex, rotated.str("refresh_token")).json["active"], true);

  // A token from another issuer with its own keys is foreign here, and vice versa.
  DexccInstance other(InstanceOptions{.config_body = storage_yaml(Store::kMemory) + config()});
  ASSERT_TRUE(other.started()) << other.process().output();
  TokenReply foreign = login_tokens(other, AuthParams{}, kApp);
  expect_token_response(foreign);
  EXPECT_EQ(introspect(dex, foreign.str("access_token")).http.body, kInactive);
  EXPECT_EQ(userinfo(dex, foreign.str("access_token")).status, 403);
  EXPECT_EQ(introspect(other, access).http.body, kInactive);

  // Request errors; no client authentication is needed for any of this.
  TokenReply get;
  get.http = fetch(dex, "GET", dex.path("/token/introspect") + "?token=" + access);
  EXPECT_EQ(get.http.status, 400);
  EXPECT_EQ(get.http.body, R"({"error":"invalid_request","error_description":"HTTP method is \"GET\", expected \"POST\"."})");
  TokenReply empty = post_json(dex, "/token/introspect", {});
  EXPECT_EQ(empty.status(), 400);
  EXPECT_EQ(empty.str("error_description"), "The POST body can not be empty.");
  TokenReply no_token = post_json(dex, "/token/introspect", {{"token_type_hint", "access_token"}});
  EXPECT_EQ(no_token.status(), 400);
  EXPECT_EQ(no_token.str("error_description"), "The POST body doesn't contain 'token' parameter.");
}

TEST_P(E2EGrants, ExpiredAccessTokenIsRefusedEverywhere) {
  DexccInstance& dex = run(kDefaultOAuth2, "expiry:\n  idTokens: 3s\n");
  Stopwatch since_login;
  TokenReply t = login_tokens(dex, AuthParams{.scope = "openid offline_access"}, kApp);
  Stopwatch since_issue;
  expect_token_response(t);
  EXPECT_LE(t.json["expires_in"].get<long long>(), 3);
  std::string access = t.str("access_token");
  HttpResult fresh = userinfo(dex, access);
  if (since_login.seconds() < 2.5) {
    EXPECT_EQ(fresh.status, 200) << fresh.body;
  }

  std::this_thread::sleep_for(std::chrono::duration<double>(4.2 - since_issue.seconds()));
  EXPECT_EQ(userinfo(dex, access).status, 403);
  EXPECT_EQ(introspect(dex, access).http.body, "{\"active\":false}\n");
  // The refresh token outlives it and mints a fresh one.
  TokenReply renewed = refresh(dex, t.str("refresh_token"), kApp);
  expect_token_response(renewed);
  EXPECT_NE(renewed.str("access_token"), access);
}

DEXCC_INSTANTIATE_STORES(E2EGrants);

}  // namespace
}  // namespace dexcc::testing
