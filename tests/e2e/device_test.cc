// End-to-end: the device authorization grant (RFC 8628) through the real binary on memory and
// SQLite storage — codes, the user-code page, login through the mock connector, polling on /token
// and the legacy /device/token, pacing, expiry, PKCE, one-time delivery, and that a client secret
// never reaches the browser.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;
using namespace flow;

constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";
constexpr char kBoxSecret[] = "box-secret-that-must-stay-on-the-device";
const Basic kBox{"box", kBoxSecret};

// A public device client without redirect URIs (allowed the device callback, as in dex), a
// confidential one that registers the callback under the issuer path, and a web client.
std::string config(const std::string& extra = {}) {
  return std::string(R"(staticClients:
- id: tv
  public: true
  name: The TV
- id: box
  secret: )") + kBoxSecret + R"(
  name: The Box
  redirectURIs: ['/dex/device/callback']
)" + app_client_yaml() + kMockConnectorYaml + extra;
}

class E2EDevice : public StoreTest {
 protected:
  DexccInstance& run(const std::string& extra = {}) { return start_ok(config(extra)); }
};

TokenReply device_code(const DexccInstance& dex, const Fields& body, const std::optional<Basic>& basic = std::nullopt) {
  return post_json(dex, "/device/code", body, basic);
}

TokenReply poll(const DexccInstance& dex, const std::string& code, const Fields& extra = {},
                const std::string& route = "/token") {
  Fields body{{"grant_type", kDeviceGrant}, {"device_code", code}};
  body.insert(body.end(), extra.begin(), extra.end());
  return post_json(dex, route, body);
}

// Everything the user's browser saw: every URL it was sent to and every page body it received.
struct Trail {
  std::vector<std::string> urls;
  std::vector<std::string> pages;
  bool mentions(const std::string& s) const {
    for (const auto& v : urls) {
      if (v.find(s) != std::string::npos) return true;
    }
    for (const auto& v : pages) {
      if (v.find(s) != std::string::npos) return true;
    }
    return false;
  }
};

HttpResult visit(const DexccInstance& dex, Trail& trail, const std::string& method, const std::string& url,
                 const std::string& body = {}) {
  trail.urls.push_back(url);
  HttpResult r = fetch(dex, method, url, body);
  trail.pages.push_back(r.body);
  for (const auto& [name, value] : r.headers) trail.pages.push_back(name + ": " + value);
  return r;
}

// Follows dexcc's redirects as a browser, approving the consent page on the way.
HttpResult walk(const DexccInstance& dex, Trail& trail, HttpResult r) {
  for (int hop = 0; hop < 12 && is_redirect(r) && on_instance(dex, location(r)); ++hop) {
    std::string next = location(r);
    r = visit(dex, trail, "GET", next);
    if (r.status != 200 || parse_url(next).path != dex.path("/approval")) continue;
    for (const Form& f : forms(r.body)) {
      if (f.get("approval") == "approve") r = visit(dex, trail, "POST", f.action.empty() ? next : f.action, encode(f.fields));
    }
  }
  return r;
}

// The user opens `url` (the verification URI), submits the user-code form (with `typed` instead of
// the prefilled code when given) and logs in. Returns the last page.
HttpResult enter_user_code(const DexccInstance& dex, Trail& trail, const std::string& url,
                           const std::string& typed = {}) {
  HttpResult page = visit(dex, trail, "GET", url);
  EXPECT_EQ(page.status, 200) << page.body;
  auto page_forms = forms(page.body);
  if (page_forms.size() != 1) {
    ADD_FAILURE() << "no user-code form:\n" << page.body;
    return page;
  }
  Form f = page_forms[0];
  if (!typed.empty()) f.fields = {{"user_code", typed}};
  return walk(dex, trail, visit(dex, trail, "POST", f.action, encode(f.fields)));
}

void expect_success_page(const HttpResult& r, const std::string& client_name) {
  EXPECT_EQ(r.status, 200) << r.body;
  expect_html_page(r);
  EXPECT_NE(r.body.find("Login Successful for " + client_name), std::string::npos) << r.body;
}

void expect_page_error(const HttpResult& r, int status, const std::string& message) {
  EXPECT_EQ(r.status, status) << r.body;
  expect_html_page(r);
  EXPECT_EQ(error_text(r.body), message) << r.body;
}

TEST_P(E2EDevice, PublicClientFullFlow) {
  DexccInstance& dex = run();
  TokenReply codes = device_code(dex, {{"client_id", "tv"}, {"scope", "openid email offline_access"}});
  ASSERT_EQ(codes.status(), 200) << codes.http.body;
  EXPECT_EQ(codes.http.header("cache-control"), "no-store");
  std::string user_code = codes.str("user_code");
  EXPECT_TRUE(std::regex_match(user_code, std::regex("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}")))
      << user_code;
  EXPECT_TRUE(std::regex_match(codes.str("device_code"), std::regex("[a-z0-9]{20,}"))) << codes.http.body;
  EXPECT_EQ(codes.str("verification_uri"), dex.issuer() + "/device");
  EXPECT_EQ(codes.str("verification_uri_complete"), dex.issuer() + "/device?user_code=" + user_code);
  EXPECT_EQ(codes.json["expires_in"], 300);
  EXPECT_EQ(codes.json["interval"], 5);

  // The first poll is never too fast.
  TokenReply pending = poll(dex, codes.str("device_code"));
  expect_oauth_error(pending, 400, "authorization_pending");
  expect_no_store(pending.http);

  Trail trail;
  HttpResult page = visit(dex, trail, "GET", codes.str("verification_uri_complete"));
  ASSERT_EQ(page.status, 200);
  expect_html_page(page);
  ASSERT_EQ(forms(page.body).size(), 1u);
  EXPECT_EQ(forms(page.body)[0].get("user_code"), user_code);  // prefilled from the link
  EXPECT_EQ(forms(page.body)[0].action, dex.path("/device/auth/verify_code"));

  // The user types the code in lower case; it is upper-cased.
  std::string typed = user_code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  HttpResult to_auth = visit(dex, trail, "POST", dex.path("/device/auth/verify_code"), encode({{"user_code", typed}}));
  ASSERT_EQ(to_auth.status, 302) << to_auth.body;
  Url auth = parse_url(location(to_auth));
  EXPECT_EQ(auth.path, dex.path("/auth"));
  EXPECT_EQ(auth.query.get("client_id"), "tv");
  EXPECT_EQ(auth.query.get("state"), user_code);
  EXPECT_EQ(auth.query.get("response_type"), "code");
  EXPECT_EQ(auth.query.get("scope"), "openid email offline_access");
  EXPECT_FALSE(auth.query.has("client_secret"));
  expect_success_page(walk(dex, trail, to_auth), "The TV");

  TokenReply t = poll(dex, codes.str("device_code"));
  ASSERT_EQ(t.status(), 200) << t.http.body;
  expect_no_store(t.http);
  EXPECT_EQ(t.str("token_type"), "bearer");
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["aud"], "tv");
  EXPECT_EQ(id["email"], "kilgore@kilgore.trout");
  EXPECT_EQ(userinfo(dex, t.str("access_token")).status, 200);
  ASSERT_FALSE(t.str("refresh_token").empty());
  TokenReply refreshed = token(dex, {{"grant_type", "refresh_token"},
                                     {"refresh_token", t.str("refresh_token")},
                                     {"client_id", "tv"}});
  EXPECT_EQ(refreshed.status(), 200) << refreshed.http.body;

  // dex hands the tokens out again until garbage collection; dexcc only once.
  expect_oauth_error(poll(dex, codes.str("device_code")), 400, "invalid_grant", "The device code was already redeemed.");
  // The browser cannot finish it a second time either.
  expect_page_error(fetch(dex, "GET", trail.urls.back()), 400, "Invalid or expired auth code.");
}

TEST_P(E2EDevice, ConfidentialClientSecretNeverReachesTheBrowser) {
  DexccInstance& dex = run();
  // dexcc authenticates the client at /device/code (dex does not look at it there).
  expect_oauth_error(device_code(dex, {{"client_id", "box"}}), 401, "invalid_client", "Invalid client credentials.");
  expect_oauth_error(device_code(dex, {}, Basic{"box", "wrong"}), 401, "invalid_client",
                     "Invalid client credentials.");
  expect_oauth_error(device_code(dex, {{"client_id", "ghost"}}), 401, "invalid_client",
                     "Invalid client credentials.");
  TokenReply body_auth = device_code(dex, {{"client_id", "box"}, {"client_secret", kBoxSecret}});
  EXPECT_EQ(body_auth.status(), 200) << body_auth.http.body;

  TokenReply codes = device_code(dex, {{"scope", "openid profile"}}, kBox);
  ASSERT_EQ(codes.status(), 200) << codes.http.body;
  Trail trail;
  expect_success_page(enter_user_code(dex, trail, codes.str("verification_uri_complete")), "The Box");
  ASSERT_GE(trail.urls.size(), 4u);
  EXPECT_FALSE(trail.mentions(kBoxSecret));
  EXPECT_FALSE(trail.mentions(http::query_escape(kBoxSecret)));
  for (const auto& url : trail.urls) EXPECT_EQ(url.find("client_secret"), std::string::npos) << url;

  TokenReply t = poll(dex, codes.str("device_code"));
  ASSERT_EQ(t.status(), 200) << t.http.body;
  EXPECT_EQ(claims_of(t.str("id_token"))["aud"], "box");
  EXPECT_EQ(claims_of(t.str("id_token"))["name"], "Kilgore Trout");
  EXPECT_TRUE(t.str("refresh_token").empty());  // no offline_access asked
}

TEST_P(E2EDevice, PollingTooFastIsSlowedDownAndWaitingIsRewarded) {
  DexccInstance& dex = run();
  TokenReply codes = device_code(dex, {{"client_id", "tv"}});
  ASSERT_EQ(codes.status(), 200) << codes.http.body;
  std::string device = codes.str("device_code");

  Stopwatch since_first;
  expect_oauth_error(poll(dex, device), 400, "authorization_pending");
  Stopwatch since_second;
  TokenReply second = poll(dex, device);
  // Inside the 5 s interval: slow_down, and the interval grows to 10 s.
  if (since_first.seconds() < 5.0) {
    expect_oauth_error(second, 400, "slow_down");
  }
  TokenReply third = poll(dex, device, {}, "/device/token");  // the legacy endpoint shares the pacing
  if (second.error() == "slow_down" && since_second.seconds() < 10.0) {
    expect_oauth_error(third, 400, "slow_down");
  }

  // A device that waits out the (now 15 s at most) interval is answered normally again.
  std::this_thread::sleep_for(15500ms);
  expect_oauth_error(poll(dex, device), 400, "authorization_pending");
}

TEST_P(E2EDevice, LegacyDeviceTokenEndpoint) {
  DexccInstance& dex = run();
  TokenReply codes = device_code(dex, {{"client_id", "tv"}});
  ASSERT_EQ(codes.status(), 200) << codes.http.body;
  std::string device = codes.str("device_code");
  expect_oauth_error(poll(dex, device, {}, "/device/token"), 400, "authorization_pending");
  expect_oauth_error(post_json(dex, "/device/token", {{"grant_type", "refresh_token"}, {"device_code", device}}), 400,
                     "invalid_grant");
  HttpResult get = fetch(dex, "GET", dex.path("/device/token"));
  EXPECT_EQ(get.status, 400);

  Trail trail;
  // Typed by hand this time, on the bare verification URI.
  expect_success_page(enter_user_code(dex, trail, codes.str("verification_uri"), codes.str("user_code")), "The TV");
  TokenReply t = poll(dex, device, {}, "/device/token");
  ASSERT_EQ(t.status(), 200) << t.http.body;
  EXPECT_FALSE(t.str("access_token").empty());
  expect_oauth_error(poll(dex, device), 400, "invalid_grant", "The device code was already redeemed.");
}

TEST_P(E2EDevice, ExpiredDeviceCode) {
  DexccInstance& dex = run("expiry:\n  deviceRequests: 2s\n");
  TokenReply codes = device_code(dex, {{"client_id", "tv"}});
  Stopwatch since_issue;
  ASSERT_EQ(codes.status(), 200) << codes.http.body;
  EXPECT_EQ(codes.json["expires_in"], 2);
  std::this_thread::sleep_for(std::chrono::duration<double>(3.0 - since_issue.seconds()));

  TokenReply expired = poll(dex, codes.str("device_code"));
  expect_oauth_error(expired, 400, "expired_token");
  expect_oauth_error(poll(dex, codes.str("device_code"), {}, "/device/token"), 400, "expired_token");
  // The user is too late as well: the form comes back marked invalid.
  HttpResult late = fetch(dex, "POST", dex.path("/device/auth/verify_code"),
                          encode({{"user_code", codes.str("user_code")}}));
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(error_text(late.body), "Invalid or Expired User Code") << late.body;
}

TEST_P(E2EDevice, PkceOnTheDeviceCode) {
  DexccInstance& dex = run();
  const std::string verifier = "device-verifier-of-at-least-forty-three-characters-0123";
  TokenReply codes = device_code(
      dex, {{"client_id", "tv"}, {"code_challenge", pkce_s256(verifier)}, {"code_challenge_method", "S256"}});
  ASSERT_EQ(codes.status(), 200) << codes.http.body;
  std::string device = codes.str("device_code");
  Trail trail;
  expect_success_page(enter_user_code(dex, trail, codes.str("verification_uri_complete")), "The TV");

  expect_oauth_error(poll(dex, device), 400, "invalid_grant", "Expecting parameter code_verifier in PKCE flow.");
  expect_oauth_error(poll(dex, device, {{"code_verifier", verifier + "x"}}), 400, "invalid_grant",
                     "Invalid code_verifier.");
  TokenReply t = poll(dex, device, {{"code_verifier", verifier}});
  EXPECT_EQ(t.status(), 200) << t.http.body;

  // Without a challenge a verifier is an error; an unknown method is refused up front.
  TokenReply plain = device_code(dex, {{"client_id", "tv"}});
  Trail plain_trail;
  expect_success_page(enter_user_code(dex, plain_trail, plain.str("verification_uri_complete")), "The TV");
  expect_oauth_error(poll(dex, plain.str("device_code"), {{"code_verifier", verifier}}), 400, "invalid_request",
                     "No PKCE flow started. Cannot check code_verifier.");
  EXPECT_EQ(poll(dex, plain.str("device_code")).status(), 200);
  expect_oauth_error(device_code(dex, {{"client_id", "tv"}, {"code_challenge", "x"}, {"code_challenge_method", "S512"}}),
                     400, "invalid_request", R"(Unsupported PKCE challenge method ("S512").)");
}

TEST_P(E2EDevice, WrongUserCodeReshowsThePage) {
  DexccInstance& dex = run();
  HttpResult blank = fetch(dex, "GET", dex.path("/device"));
  ASSERT_EQ(blank.status, 200);
  expect_html_page(blank);
  EXPECT_EQ(error_text(blank.body), "");
  ASSERT_EQ(forms(blank.body).size(), 1u);
  EXPECT_EQ(forms(blank.body)[0].get("user_code"), "");

  HttpResult wrong = fetch(dex, "POST", dex.path("/device/auth/verify_code"), encode({{"user_code", "bcdf-ghjk"}}));
  EXPECT_EQ(wrong.status, 400);
  expect_html_page(wrong);
  EXPECT_EQ(error_text(wrong.body), "Invalid or Expired User Code");
  ASSERT_EQ(forms(wrong.body).size(), 1u);
  EXPECT_EQ(forms(wrong.body)[0].get("user_code"), "BCDF-GHJK");  // what was typed, upper-cased

  expect_page_error(fetch(dex, "POST", dex.path("/device/auth/verify_code"), encode({{"user_code", ""}})), 400,
                    "No user code received");
  // The right code still works after a wrong attempt.
  TokenReply codes = device_code(dex, {{"client_id", "tv"}});
  Trail trail;
  expect_success_page(enter_user_code(dex, trail, codes.str("verification_uri"), codes.str("user_code")), "The TV");
  EXPECT_EQ(poll(dex, codes.str("device_code")).status(), 200);
}

TEST_P(E2EDevice, CallbackAndPollingErrors) {
  DexccInstance& dex = run();
  expect_page_error(fetch(dex, "GET", dex.path("/device/callback")), 400, "Request was missing parameters");
  expect_page_error(fetch(dex, "GET", dex.path("/device/callback?error=access_denied&state=X")), 400,
                    "Authorization failed. Please try again.");
  TokenReply codes = device_code(dex, {{"client_id", "tv"}});
  std::string user_code = codes.str("user_code");
  expect_page_error(fetch(dex, "GET", dex.path("/device/callback?code=nope&state=" + user_code)), 400,
                    "Invalid or expired auth code.");
  expect_page_error(fetch(dex, "GET", dex.path("/device/callback?code=nope&state=BCDF-GHJK")), 400,
                    "Invalid or expired user code.");
  // A code the browser got for a web client cannot complete the device's request.
  HttpResult web = login(dex, AuthParams{.client_id = "app"});
  std::string web_code = code_of(web);
  ASSERT_FALSE(web_code.empty()) << web.body;
  expect_page_error(fetch(dex, "GET", dex.path("/device/callback?code=" + web_code + "&state=" + user_code)), 400,
                    "Invalid or expired auth code.");
  expect_oauth_error(poll(dex, codes.str("device_code")), 400, "authorization_pending");

  expect_oauth_error(poll(dex, ""), 400, "invalid_request", "No device code received");
  expect_oauth_error(poll(dex, "unknown"), 400, "invalid_request", "Invalid Device code.");
  HttpResult get = fetch(dex, "GET", dex.path("/device/code"));
  EXPECT_EQ(get.status, 400) << get.body;
}

TEST_P(E2EDevice, ConcurrentPollsHandTheTokensOutOnce) {
  DexccInstance& dex = run();
  TokenReply codes = device_code(dex, {{"client_id", "tv"}, {"scope", "openid offline_access"}});
  Trail trail;
  expect_success_page(enter_user_code(dex, trail, codes.str("verification_uri_complete")), "The TV");
  constexpr int kPollers = 10;
  std::atomic<int> ok = 0, refused = 0, other = 0;
  std::vector<std::thread> pollers;
  for (int i = 0; i < kPollers; ++i) {
    pollers.emplace_back([&] {
      TokenReply t = poll(dex, codes.str("device_code"));
      if (t.status() == 200) {
        ++ok;
      } else if (t.status() == 400 && t.error() == "invalid_grant") {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& p : pollers) p.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(refused, kPollers - 1);
  EXPECT_EQ(other, 0);
}

DEXCC_INSTANTIATE_STORES(E2EDevice);

}  // namespace
}  // namespace dexcc::testing
