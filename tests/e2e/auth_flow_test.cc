// End-to-end: the browser authorization flow through the real binary on memory and SQLite storage —
// connector list, connector_id shortcut, single-connector redirect, mock callback and password
// login through the consent page, skipped approval, out-of-band codes, implicit and hybrid
// responses, and every error path with its page or redirect.
#include <gtest/gtest.h>

#include <thread>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

constexpr char kAppRedirect[] = "http://127.0.0.1:5555/callback";

// Two connectors (mock "Example" and the password database "Email"), a confidential client and a
// public one; the hybrid response types are enabled.
std::string config(const std::string& oauth2_extra = {}, const std::string& top_extra = {}) {
  return R"(staticClients:
- id: app
  secret: app-secret
  name: The App
  redirectURIs: ['http://127.0.0.1:5555/callback', 'http://127.0.0.1:5555/cb?keep=1']
- id: cli
  public: true
  name: CLI
connectors:
- type: mockCallback
  id: mock
  name: Example
enablePasswordDB: true
staticPasswords:
- email: admin@example.com
  hash: "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W"
  username: admin
  userID: 08a8684b-db88-4b73-90a9-3cd1661f5466
oauth2:
  responseTypes: [code, token, id_token]
)" + oauth2_extra +
         top_extra;
}

// Only the mock connector; default oauth2 settings plus `oauth2_block`.
std::string single_connector_config(const std::string& oauth2_block = {}) {
  return R"(staticClients:
- id: app
  secret: app-secret
  name: The App
  redirectURIs: ['http://127.0.0.1:5555/callback']
connectors:
- type: mockCallback
  id: mock
  name: Example
)" + oauth2_block;
}

class E2EAuthFlow : public StoreTest {
 protected:
  DexccInstance& start_default() {
    DexccInstance& dex = start(config());
    EXPECT_TRUE(dex.started()) << dex.process().output();
    return dex;
  }
};

// The redirect to the client carries exactly these error fields (in the query, as dex puts them).
void expect_client_error(const HttpResult& r, const std::string& error, const std::string& description,
                         const std::string& state = "st-1", const std::string& redirect = kAppRedirect) {
  ASSERT_EQ(r.status, 303) << r.body;
  Url u = parse_url(location(r));
  EXPECT_EQ(u.origin + u.path, redirect);
  EXPECT_EQ(u.query.get("error"), error);
  EXPECT_EQ(u.query.get("error_description"), description);
  EXPECT_EQ(u.query.get("state"), state);
  EXPECT_TRUE(u.query.get("code").empty());
}

void expect_error_page(const HttpResult& r, int status, const std::string& message) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_TRUE(location(r).empty()) << location(r);
  expect_html_page(r);
  EXPECT_EQ(error_text(r.body), message) << r.body;
}

TEST_P(E2EAuthFlow, ConnectorListThenMockCallbackThroughApproval) {
  DexccInstance& dex = start_default();
  AuthParams p{.scope = "openid email offline_access", .state = "xyz 1"};
  HttpResult list = fetch(dex, "GET", dex.path("/auth") + "?" + auth_query(p));
  ASSERT_EQ(list.status, 200) << list.body;
  expect_html_page(list);
  std::vector<std::string> connector_links;
  for (const auto& l : links(list.body)) {
    if (l.starts_with(dex.path("/auth/"))) connector_links.push_back(l);
  }
  // Sorted by name: "Email" (local) before "Example" (mock); the request travels along unchanged.
  ASSERT_EQ(connector_links.size(), 2u) << list.body;
  EXPECT_EQ(parse_url(connector_links[0]).path, dex.path("/auth/local"));
  EXPECT_EQ(parse_url(connector_links[1]).path, dex.path("/auth/mock"));
  EXPECT_EQ(connector_links[1], dex.path("/auth/mock") + "?" + auth_query(p));

  HttpResult to_connector = fetch(dex, "GET", connector_links[1]);
  ASSERT_EQ(to_connector.status, 302);
  Url callback = parse_url(location(to_connector));
  EXPECT_EQ(callback.origin, origin_of(dex));
  EXPECT_EQ(callback.path, dex.path("/callback"));
  ASSERT_FALSE(callback.query.get("state").empty());

  HttpResult to_approval = fetch(dex, "GET", location(to_connector));
  ASSERT_EQ(to_approval.status, 303) << to_approval.body;
  Url approval = parse_url(location(to_approval));
  EXPECT_EQ(approval.path, dex.path("/approval"));
  EXPECT_EQ(approval.query.get("req"), callback.query.get("state"));
  EXPECT_FALSE(approval.query.get("hmac").empty());

  HttpResult page = fetch(dex, "GET", location(to_approval));
  ASSERT_EQ(page.status, 200) << page.body;
  expect_html_page(page);
  EXPECT_NE(page.body.find("The App"), std::string::npos);
  EXPECT_NE(page.body.find("Kilgore Trout"), std::string::npos);
  EXPECT_NE(page.body.find("Have offline access"), std::string::npos);
  auto page_forms = forms(page.body);
  ASSERT_EQ(page_forms.size(), 2u);
  EXPECT_EQ(page_forms[0].get("approval"), "approve");
  EXPECT_EQ(page_forms[1].get("approval"), "rejected");

  HttpResult done = fetch(dex, "POST", location(to_approval), encode(page_forms[0].fields));
  ASSERT_EQ(done.status, 303) << done.body;
  Url client = parse_url(location(done));
  EXPECT_EQ(client.origin + client.path, kAppRedirect);
  EXPECT_EQ(client.query.get("state"), "xyz 1");
  std::string code(client.query.get("code"));
  ASSERT_FALSE(code.empty());
  EXPECT_FALSE(client.has_fragment);

  // The auth request was single use: approving again finds nothing.
  HttpResult again = fetch(dex, "POST", location(to_approval), encode(page_forms[0].fields));
  expect_error_page(again, 400, "User session error.");

  TokenReply t = redeem(dex, code, Basic{"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["email"], "kilgore@kilgore.trout");
  EXPECT_EQ(id["aud"], "app");
  EXPECT_FALSE(t.str("refresh_token").empty());
}

TEST_P(E2EAuthFlow, ConnectorIdShortcut) {
  DexccInstance& dex = start_default();
  AuthParams p;
  HttpResult r = fetch(dex, "GET", dex.path("/auth") + "?" + auth_query(p) + "&connector_id=mock");
  ASSERT_EQ(r.status, 302) << r.body;
  EXPECT_EQ(location(r), dex.path("/auth/mock") + "?" + auth_query(p));  // connector_id removed

  HttpResult done = follow(dex, r);
  EXPECT_FALSE(code_of(done).empty()) << location(done) << done.body;

  // An unknown connector is the client's problem: a redirect with invalid_request.
  expect_client_error(fetch(dex, "GET", dex.path("/auth") + "?" + auth_query(p) + "&connector_id=nope"),
                      "invalid_request", "Invalid ConnectorID");
  // A connector_id naming another connector than the path is refused with a page.
  expect_error_page(fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(p) + "&connector_id=local"),
                    400, "Bad connector ID");
}

TEST_P(E2EAuthFlow, SingleConnectorRedirectsStraightAway) {
  DexccInstance& dex = start(single_connector_config());
  ASSERT_TRUE(dex.started()) << dex.process().output();
  AuthParams p;
  HttpResult r = fetch(dex, "GET", dex.path("/auth") + "?" + auth_query(p));
  ASSERT_EQ(r.status, 302);
  EXPECT_EQ(location(r), dex.path("/auth/mock") + "?" + auth_query(p));
  EXPECT_EQ(r.body, "");  // dex v2.45.1 writes the login page after the redirect; dexcc does not
  EXPECT_FALSE(code_of(follow(dex, r)).empty());
}

TEST_P(E2EAuthFlow, AlwaysShowLoginScreenListsTheOnlyConnector) {
  DexccInstance& dex = start(single_connector_config("oauth2:\n  alwaysShowLoginScreen: true\n"));
  ASSERT_TRUE(dex.started()) << dex.process().output();
  HttpResult r = fetch(dex, "GET", dex.path("/auth") + "?" + auth_query(AuthParams{}));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_html_page(r);
  EXPECT_NE(r.body.find("Log in with Example"), std::string::npos);
}

TEST_P(E2EAuthFlow, PasswordLoginWrongThenRight) {
  DexccInstance& dex = start_default();
  AuthParams p{.scope = "openid profile"};
  HttpResult r = fetch(dex, "GET", dex.path("/auth/local") + "?" + auth_query(p));
  ASSERT_EQ(r.status, 302) << r.body;
  Url login_url = parse_url(location(r));
  EXPECT_EQ(login_url.path, dex.path("/auth/local/login"));
  ASSERT_FALSE(login_url.query.get("state").empty());
  // Two connectors are open, so the form links back to the chooser.
  EXPECT_EQ(login_url.query.get("back"), dex.path("/auth") + "?" + auth_query(p));

  HttpResult form_page = fetch(dex, "GET", location(r));
  ASSERT_EQ(form_page.status, 200);
  expect_html_page(form_page);
  EXPECT_NE(form_page.body.find("Email Address"), std::string::npos);
  EXPECT_NE(form_page.body.find("Select another login method."), std::string::npos);
  auto page_forms = forms(form_page.body);
  ASSERT_EQ(page_forms.size(), 1u);
  std::string post_url = page_forms[0].action;
  EXPECT_EQ(post_url, location(r));

  HttpResult wrong =
      fetch(dex, "POST", post_url, encode({{"login", "admin@example.com"}, {"password", "nope"}}));
  EXPECT_EQ(wrong.status, 401);
  expect_html_page(wrong);
  EXPECT_EQ(error_text(wrong.body), "Invalid Email Address and password.");
  ASSERT_EQ(forms(wrong.body).size(), 1u);
  EXPECT_EQ(forms(wrong.body)[0].get("login"), "admin@example.com");  // username kept

  HttpResult unknown =
      fetch(dex, "POST", post_url, encode({{"login", "nobody@example.com"}, {"password", "x"}}));
  EXPECT_EQ(unknown.status, 401);

  HttpResult right =
      fetch(dex, "POST", post_url, encode({{"login", "admin@example.com"}, {"password", "password"}}));
  ASSERT_EQ(right.status, 303) << right.body;
  EXPECT_EQ(parse_url(location(right)).path, dex.path("/approval"));
  HttpResult approval_page = fetch(dex, "GET", location(right));
  EXPECT_NE(approval_page.body.find("admin"), std::string::npos);
  HttpResult done = follow(dex, right);
  std::string code = code_of(done);
  ASSERT_FALSE(code.empty()) << done.body;

  TokenReply t = redeem(dex, code, Basic{"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["name"], "admin");
  EXPECT_TRUE(t.str("refresh_token").empty());  // no offline_access asked

  // The finished request is gone: the form cannot be replayed.
  HttpResult replay =
      fetch(dex, "POST", post_url, encode({{"login", "admin@example.com"}, {"password", "password"}}));
  expect_error_page(replay, 400, "Requested resource does not exist.");
}

TEST_P(E2EAuthFlow, SkipApprovalScreenUnlessForced) {
  DexccInstance& dex = start(config("  skipApprovalScreen: true\n"));
  ASSERT_TRUE(dex.started()) << dex.process().output();
  HttpResult callback = fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{}));
  ASSERT_EQ(callback.status, 302);
  HttpResult done = fetch(dex, "GET", location(callback));
  ASSERT_EQ(done.status, 303);
  EXPECT_TRUE(location(done).starts_with(std::string(kAppRedirect) + "?"));
  EXPECT_FALSE(code_of(done).empty());

  AuthParams forced{.extra = {{"approval_prompt", "force"}}};
  HttpResult to_approval =
      follow(dex, fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(forced)), "");
  ASSERT_EQ(to_approval.status, 303);
  EXPECT_EQ(parse_url(location(to_approval)).path, dex.path("/approval"));
}

TEST_P(E2EAuthFlow, OutOfBandCodeIsShownOnAPage) {
  DexccInstance& dex = start_default();
  AuthParams p{.client_id = "cli", .redirect_uri = "urn:ietf:wg:oauth:2.0:oob"};
  HttpResult page = login(dex, p);
  ASSERT_EQ(page.status, 200) << page.body;
  expect_html_page(page);
  EXPECT_NE(page.body.find("Login Successful"), std::string::npos);
  auto page_forms = forms(page.body);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("id=\"code\"[^>]*value=\"([a-z0-9]+)\"")))
      << page.body;
  std::string code = m[1];

  // The public client redeems it with its ID alone and the same redirect URI.
  TokenReply t = token(dex, {{"grant_type", "authorization_code"},
                             {"code", code},
                             {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"},
                             {"client_id", "cli"}});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  EXPECT_EQ(claims_of(t.str("id_token"))["aud"], "cli");

  // Tokens cannot be sent out of band.
  AuthParams implicit{.client_id = "cli",
                      .redirect_uri = "urn:ietf:wg:oauth:2.0:oob",
                      .response_type = "id_token token",
                      .extra = {{"nonce", "n"}}};
  expect_client_error(fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(implicit)),
                      "invalid_request",
                      "Cannot use response type 'token' with redirect_uri 'urn:ietf:wg:oauth:2.0:oob'.",
                      "st-1", "urn:ietf:wg:oauth:2.0:oob");
}

TEST_P(E2EAuthFlow, ImplicitAndHybridPutTokensInTheFragment) {
  DexccInstance& dex = start_default();

  // Implicit: access token and ID token in the fragment, nothing in the query.
  HttpResult implicit =
      login(dex, AuthParams{.response_type = "id_token token", .extra = {{"nonce", "n-1"}}});
  ASSERT_EQ(implicit.status, 303) << implicit.body;
  Url u = parse_url(location(implicit));
  EXPECT_EQ(u.origin + u.path, kAppRedirect);
  EXPECT_TRUE(u.query.empty());
  ASSERT_TRUE(u.has_fragment);
  EXPECT_EQ(u.fragment.get("token_type"), "bearer");
  EXPECT_EQ(u.fragment.get("state"), "st-1");
  EXPECT_FALSE(u.fragment.get("expires_in").empty());
  EXPECT_TRUE(u.fragment.get("code").empty());
  std::string access(u.fragment.get("access_token"));
  auto id = claims_of(u.fragment.get("id_token"));
  EXPECT_EQ(id["nonce"], "n-1");
  EXPECT_EQ(id["aud"], "app");
  EXPECT_TRUE(id.contains("at_hash"));
  EXPECT_FALSE(id.contains("c_hash"));
  HttpResult userinfo =
      fetch(dex, "GET", dex.path("/userinfo"), {}, "Authorization: Bearer " + access + "\r\n");
  EXPECT_EQ(userinfo.status, 200) << userinfo.body;

  // Hybrid code id_token: the ID token carries c_hash, no expires_in, and the code is redeemable.
  HttpResult hybrid = login(dex, AuthParams{.response_type = "code id_token", .extra = {{"nonce", "n-2"}}});
  ASSERT_EQ(hybrid.status, 303);
  Url h = parse_url(location(hybrid));
  EXPECT_TRUE(h.query.empty());
  std::string code(h.fragment.get("code"));
  ASSERT_FALSE(code.empty());
  EXPECT_TRUE(h.fragment.get("expires_in").empty());
  EXPECT_TRUE(h.fragment.get("access_token").empty());
  auto hid = claims_of(h.fragment.get("id_token"));
  EXPECT_TRUE(hid.contains("c_hash"));
  EXPECT_EQ(hid["nonce"], "n-2");
  TokenReply t = redeem(dex, code, Basic{"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  EXPECT_EQ(claims_of(t.str("id_token"))["nonce"], "n-2");

  // Hybrid code token, and all three.
  HttpResult code_token = login(dex, AuthParams{.response_type = "code token"});
  Url ct = parse_url(location(code_token));
  EXPECT_FALSE(ct.fragment.get("code").empty());
  EXPECT_FALSE(ct.fragment.get("access_token").empty());
  EXPECT_TRUE(ct.fragment.get("id_token").empty());
  HttpResult all = login(dex, AuthParams{.response_type = "token id_token code", .extra = {{"nonce", "n"}}});
  Url a = parse_url(location(all));
  EXPECT_FALSE(a.fragment.get("code").empty());
  EXPECT_FALSE(a.fragment.get("access_token").empty());
  auto aid = claims_of(a.fragment.get("id_token"));
  EXPECT_TRUE(aid.contains("c_hash") && aid.contains("at_hash"));  // whatever order they were listed in
}

TEST_P(E2EAuthFlow, ResponseTypesNotEnabledAreRefused) {
  DexccInstance& dex = start(single_connector_config());  // oauth2.responseTypes defaults to [code]
  ASSERT_TRUE(dex.started()) << dex.process().output();
  expect_client_error(
      fetch(dex, "GET",
            dex.path("/auth") + "?" +
                auth_query(AuthParams{.response_type = "id_token token", .extra = {{"nonce", "n"}}})),
      "unsupported_response_type", "Unsupported response type \"id_token\"");
}

TEST_P(E2EAuthFlow, UntrustedClientOrRedirectGetsAPageNeverARedirect) {
  DexccInstance& dex = start_default();
  for (const std::string route : {"/auth", "/auth/mock"}) {
    SCOPED_TRACE(route);
    expect_error_page(
        fetch(dex, "GET", dex.path(route) + "?" + auth_query(AuthParams{.client_id = "nobody"})), 404,
        "Invalid client_id.");
    expect_error_page(
        fetch(dex, "GET",
              dex.path(route) + "?" + auth_query(AuthParams{.redirect_uri = "https://evil.example/cb"})),
        400, "Unregistered redirect_uri.");
    // Exact match only: another path, an added query, another port.
    for (const char* uri : {"http://127.0.0.1:5555/callback/", "http://127.0.0.1:5555/callback?x=1",
                            "http://127.0.0.1:5556/callback", "http://127.0.0.1:5555/cb"}) {
      expect_error_page(
          fetch(dex, "GET", dex.path(route) + "?" + auth_query(AuthParams{.redirect_uri = uri})), 400,
          "Unregistered redirect_uri.");
    }
    // A public client without registered URIs may use loopback, never another host.
    expect_error_page(
        fetch(dex, "GET",
              dex.path(route) + "?" +
                  auth_query(AuthParams{.client_id = "cli", .redirect_uri = "https://evil.example/"})),
        400, "Unregistered redirect_uri.");
    // Even an otherwise broken request is answered with the page, not a redirect.
    expect_error_page(fetch(dex, "GET",
                            dex.path(route) + "?" +
                                auth_query(AuthParams{.redirect_uri = "https://evil.example/cb",
                                                      .response_type = "bogus",
                                                      .scope = "email"})),
                      400, "Unregistered redirect_uri.");
  }
  HttpResult loopback =
      login(dex, AuthParams{.client_id = "cli", .redirect_uri = "http://localhost:8000/any/path?x=1"});
  ASSERT_EQ(loopback.status, 303) << loopback.body;
  EXPECT_TRUE(location(loopback).starts_with("http://localhost:8000/any/path?"));
  EXPECT_EQ(parse_url(location(loopback)).query.get("x"), "1");
}

// Issue 22: the loopback rule once took the host from after the last '@', so a public client sent
// the code (or, without a login, an error) to http://evil.example\@127.0.0.1/cb, which a browser
// opens on evil.example ('\' is '/' to it). Go's url.Parse refuses it; so does dexcc: dex's 400 page.
TEST_P(E2EAuthFlow, PublicClientLoopbackLookAlikesGetAPageNeverARedirect) {
  DexccInstance& dex = start_default();
  const std::vector<AuthParams> requests = {
      AuthParams{.client_id = "cli"},
      AuthParams{.client_id = "cli", .response_type = "id_token token", .extra = {{"nonce", "n"}}},
      AuthParams{.client_id = "cli", .response_type = "id_token", .extra = {{"nonce", "n"}}},
      AuthParams{.client_id = "cli", .response_type = "code id_token", .extra = {{"nonce", "n"}}},
      // requests that fail later, which would otherwise redirect the error to the client
      AuthParams{.client_id = "cli", .scope = "email"},
      AuthParams{.client_id = "cli", .response_type = "bogus"},
      AuthParams{.client_id = "cli", .response_type = "token"},
  };
  for (const char* uri :
       {"http://evil.example\\@127.0.0.1/cb", "http://127.0.0.1\\@evil.example/cb",
        "http://127.0.0.1\\evil.example/cb", "http://evil.example%5C@127.0.0.1/cb",
        "http://evil@127.0.0.1/cb", "http://127.0.0.1:5555@evil.example/cb",
        "http://127.0.0.1.evil.example/cb", "http://[::1]/cb", "http://127.0.0.1/cb#\r\nx"}) {
    for (const std::string route : {"/auth", "/auth/mock"}) {
      for (AuthParams p : requests) {
        p.redirect_uri = uri;
        SCOPED_TRACE(route + " " + uri + " " + p.response_type + " " + p.scope);
        expect_error_page(fetch(dex, "GET", dex.path(route) + "?" + auth_query(p)), 400,
                          "Unregistered redirect_uri.");
      }
    }
  }
  // The same client still gets its code at a real loopback address, in the query or the fragment.
  HttpResult code = login(dex, AuthParams{.client_id = "cli", .redirect_uri = "http://127.0.0.1:7000/cb"});
  ASSERT_EQ(code.status, 303) << code.body;
  EXPECT_TRUE(location(code).starts_with("http://127.0.0.1:7000/cb?code=")) << location(code);
  HttpResult implicit = login(dex, AuthParams{.client_id = "cli",
                                              .redirect_uri = "http://[::1]:7000/cb",
                                              .response_type = "id_token token",
                                              .extra = {{"nonce", "n"}}});
  ASSERT_EQ(implicit.status, 303) << implicit.body;
  EXPECT_TRUE(location(implicit).starts_with("http://[::1]:7000/cb#access_token=")) << location(implicit);
}

TEST_P(E2EAuthFlow, InvalidRequestsRedirectWithErrorAndState) {
  DexccInstance& dex = start_default();
  struct Case {
    AuthParams params;
    std::string error, description;
  };
  std::vector<Case> cases = {
      {AuthParams{.response_type = "bogus"}, "invalid_request", "Invalid response type \"bogus\""},
      {AuthParams{.response_type = ""}, "invalid_request", "No response_type provided"},
      {AuthParams{.response_type = "token"}, "invalid_request",
       "Response type 'token' must be provided with type 'id_token' and/or 'code'"},
      {AuthParams{.response_type = "id_token"}, "invalid_request",
       "Response type 'token' requires a 'nonce' value."},
      {AuthParams{.scope = "email profile"}, "invalid_scope", "Missing required scope(s) [\"openid\"]."},
      {AuthParams{.scope = "openid bogus other"}, "invalid_scope",
       "Unrecognized scope(s) [\"bogus\" \"other\"]"},
      {AuthParams{.scope = "openid audience:server:client_id:cli"}, "invalid_scope",
       "Client can't request scope(s) [\"audience:server:client_id:cli\"]"},
      {AuthParams{.extra = {{"code_challenge", "abc"}, {"code_challenge_method", "S512"}}}, "invalid_request",
       "Unsupported PKCE challenge method (\"S512\")."},
      {AuthParams{.extra = {{"request", "eyJ"}}}, "request_not_supported",
       "Server does not support request parameter."},
  };
  for (const std::string route : {"/auth", "/auth/mock"}) {
    for (const auto& c : cases) {
      SCOPED_TRACE(route + " " + c.description);
      expect_client_error(fetch(dex, "GET", dex.path(route) + "?" + auth_query(c.params)), c.error,
                          c.description);
    }
  }
  // The registered URI's own query is kept; the state comes back even when it is empty.
  HttpResult kept = fetch(
      dex, "GET",
      dex.path("/auth/mock") + "?" +
          auth_query(AuthParams{
              .redirect_uri = "http://127.0.0.1:5555/cb?keep=1", .response_type = "bogus", .state = ""}));
  ASSERT_EQ(kept.status, 303);
  EXPECT_EQ(location(kept),
            "http://127.0.0.1:5555/"
            "cb?error=invalid_request&error_description=Invalid+response+type+%22bogus%22&keep=1&"
            "state=");
  // Implicit requests get their errors in the query too.
  HttpResult implicit =
      fetch(dex, "GET",
            dex.path("/auth/mock") + "?" +
                auth_query(AuthParams{
                    .response_type = "id_token token", .scope = "profile", .extra = {{"nonce", "n"}}}));
  expect_client_error(implicit, "invalid_scope", "Missing required scope(s) [\"openid\"].");
  EXPECT_FALSE(parse_url(location(implicit)).has_fragment);
}

TEST_P(E2EAuthFlow, ExpiredAuthRequest) {
  DexccInstance& dex = start(config({}, "expiry:\n  authRequests: 1s\n"));
  ASSERT_TRUE(dex.started()) << dex.process().output();

  // The connector comes back after the request expired.
  HttpResult to_callback = fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{}));
  ASSERT_EQ(to_callback.status, 302);
  HttpResult to_password = fetch(dex, "GET", dex.path("/auth/local") + "?" + auth_query(AuthParams{}));
  ASSERT_EQ(to_password.status, 302);
  std::this_thread::sleep_for(2100ms);
  expect_error_page(fetch(dex, "GET", location(to_callback)), 400, "User session has expired.");
  expect_error_page(fetch(dex, "GET", location(to_password)), 400, "User session has expired.");
  expect_error_page(fetch(dex, "POST", location(to_password),
                          encode({{"login", "admin@example.com"}, {"password", "password"}})),
                    400, "User session has expired.");

  // The user logs in in time but approves too late. Logging in within the second may fail on a
  // loaded machine; then the whole attempt is simply repeated.
  for (int attempt = 0; attempt < 10; ++attempt) {
    HttpResult to_approval = fetch(
        dex, "GET", location(fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{}))));
    if (to_approval.status != 303) continue;  // expired before the callback came back
    std::this_thread::sleep_for(2100ms);
    HttpResult late = decide(dex, location(to_approval), "approve");
    expect_error_page(late, 400, "User session has expired.");
    return;
  }
  FAIL() << "never logged in within the auth request's lifetime";
}

TEST_P(E2EAuthFlow, TamperedApprovalIsUnauthorized) {
  DexccInstance& dex = start_default();
  HttpResult to_approval =
      follow(dex, fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{})), "");
  ASSERT_EQ(to_approval.status, 303);
  Url u = parse_url(location(to_approval));
  std::string req(u.query.get("req")), mac(u.query.get("hmac"));
  std::string flipped = mac;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
  std::string approval = dex.path("/approval");

  expect_error_page(fetch(dex, "GET", approval + "?req=" + req + "&hmac=" + flipped), 401,
                    "Unauthorized request");
  expect_error_page(
      fetch(dex, "POST", approval, encode({{"req", req}, {"hmac", flipped}, {"approval", "approve"}})), 401,
      "Unauthorized request");
  expect_error_page(fetch(dex, "GET", approval + "?req=" + req), 401, "Unauthorized request");
  expect_error_page(fetch(dex, "GET", approval + "?req=" + req + "&hmac=%21%21not-base64"), 401,
                    "Unauthorized request");
  // Another request's valid HMAC does not open this one.
  HttpResult other =
      follow(dex, fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{})), "");
  std::string other_mac(parse_url(location(other)).query.get("hmac"));
  expect_error_page(fetch(dex, "GET", approval + "?req=" + req + "&hmac=" + other_mac), 401,
                    "Unauthorized request");

  // The genuine one still works afterwards.
  HttpResult done = follow(dex, to_approval);
  EXPECT_FALSE(code_of(done).empty()) << done.body;
}

TEST_P(E2EAuthFlow, ApprovalBeforeLoginIsRefused) {
  DexccInstance& dex = start_default();
  HttpResult to_callback = fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{}));
  std::string req(parse_url(location(to_callback)).query.get("state"));
  // Any well-formed HMAC: the request is not logged in yet.
  expect_error_page(fetch(dex, "GET", dex.path("/approval") + "?req=" + req + "&hmac=AAAA"), 400,
                    "Login process not yet finalized.");
  expect_error_page(fetch(dex, "GET", dex.path("/approval") + "?req=unknown&hmac=AAAA"), 400,
                    "User session error.");
}

TEST_P(E2EAuthFlow, RefusedApprovalRedirectsAccessDenied) {
  DexccInstance& dex = start_default();
  HttpResult to_approval =
      follow(dex, fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{})), "");
  ASSERT_EQ(to_approval.status, 303);
  HttpResult refused = decide(dex, location(to_approval), "rejected");
  expect_client_error(refused, "access_denied", "The user denied the request.");
  // The request is gone; approving afterwards does not produce a code.
  HttpResult late = decide(dex, location(to_approval), "approve");
  expect_error_page(late, 400, "User session error.");
}

TEST_P(E2EAuthFlow, CallbackAndPasswordPageErrors) {
  DexccInstance& dex = start_default();
  expect_error_page(fetch(dex, "GET", dex.path("/callback")), 400, "User session error.");
  expect_error_page(fetch(dex, "GET", dex.path("/callback?state=unknown")), 400,
                    "Requested resource does not exist.");
  expect_error_page(fetch(dex, "GET", dex.path("/auth/local/login")), 400, "User session error.");
  expect_error_page(fetch(dex, "GET", dex.path("/auth/local/login?state=unknown")), 400,
                    "Requested resource does not exist.");

  // A request started with the mock connector cannot be finished through another connector's routes.
  HttpResult to_callback = fetch(dex, "GET", dex.path("/auth/mock") + "?" + auth_query(AuthParams{}));
  std::string state(parse_url(location(to_callback)).query.get("state"));
  expect_error_page(fetch(dex, "GET", dex.path("/callback/local?state=" + state)), 400,
                    "Requested resource does not exist.");
  expect_error_page(fetch(dex, "GET", dex.path("/auth/local/login?state=" + state)), 400,
                    "Requested resource does not exist.");
  expect_error_page(fetch(dex, "GET", dex.path("/auth/nope") + "?" + auth_query(AuthParams{})), 400,
                    "Connector failed to initialize");
  // The connector-specific callback path works for its own connector.
  HttpResult named = follow(dex, fetch(dex, "GET", dex.path("/callback/mock?state=" + state)));
  EXPECT_FALSE(code_of(named).empty()) << named.body;
}

DEXCC_INSTANTIATE_STORES(E2EAuthFlow);

}  // namespace
}  // namespace dexcc::testing
