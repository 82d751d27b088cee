// End-to-end: the google connector against a local Google (tests/support/fakes/google_api) on
// Google's own host names, reached through an HTTPS proxy tunnel: discovery, the code flow with
// hd/nonce/offline parameters, ID token checks, Directory API groups through a service account's
// delegated token (paged, transitive, filtered), refresh, and the refusals and upstream failures.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "provider_helpers.h"
#include "support/fakes/google_api.h"
#include "support/tunnel_proxy.h"

namespace dexcc::testing {
namespace {

using namespace flow;
using nlohmann::json;

json jwt_part(const std::string& jwt, int index) {
  size_t a = jwt.find('.'), b = jwt.rfind('.');
  std::string part = index == 0 ? jwt.substr(0, a) : jwt.substr(a + 1, b - a - 1);
  return json::parse(*base::base64url_decode(part));
}

constexpr char kDomainAdmins[] = R"(    hostedDomains: [example.com]
    groups: [eng@example.com, staff@example.com]
    domainToAdminEmail:
      example.com: admin@example.com
    fetchTransitiveGroupMembership: true
)";

class GoogleUpstream : public ::testing::Test {
 protected:
  GoogleUpstream() : proxy_(google_.port()) {
    google_.add_user({.sub = "110169484474386276334",
                      .name = "Alice Liddell",
                      .email = "alice@example.com",
                      .hd = "example.com"});
    google_.add_user({.sub = "2002", .name = "Bob", .email = "bob@other.org", .hd = "other.org"});
    google_.add_user({.sub = "3003", .name = "Carol", .email = "carol@example.com", .hd = "example.com"});
    google_.add_membership("alice@example.com", {"eng@example.com", "ops@example.com", "all@example.com"});
    google_.add_membership("eng@example.com", {"staff@example.com", "all@example.com"});
    google_.add_membership("carol@example.com", {"sales@example.com"});
  }

  // `directory` is the connector's admin email and filter lines (indented four spaces).
  void start(const std::string& directory = kDomainAdmins) {
    std::string sa = write_file(files_, "sa.json", google_.service_account_json());
    std::string ca = write_file(files_, "ca.pem", google_.ca_pem());
    dex_ = std::make_unique<DexccInstance>(
        InstanceOptions{.config_body = "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() +
                                       R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: google
  id: google
  name: Google
  config:
    clientID: dexcc.apps.googleusercontent.com
    clientSecret: google-secret
    redirectURI: "{{ISSUER}}/callback"
    serviceAccountFilePath: )" + sa + "\n" +
                                       directory,
                        .env = tunnel_env(proxy_.url(), ca)});
    ASSERT_TRUE(dex_->started()) << dex_->process().output();
  }

  // The login of `email` up to the answer that leaves dexcc.
  HttpResult login_as(const std::string& email, const std::string& scope) {
    std::string url = provider_url(*dex_, "google", scope);
    EXPECT_TRUE(url.starts_with("https://accounts.google.com/o/oauth2/v2/auth?")) << url;
    return return_from_provider(*dex_, google_.consent(url, email));
  }

  GoogleApi google_;
  TunnelProxy proxy_;
  TempDir files_;
  std::unique_ptr<DexccInstance> dex_;
};

TEST_F(GoogleUpstream, LoginWithDirectoryGroupsThenRefresh) {
  google_.set_page_size(2);
  start();
  // Discovery ran at start-up, on Google's issuer.
  ASSERT_EQ(google_.requests("/.well-known/openid-configuration").size(), 1u);
  EXPECT_EQ(google_.requests("/.well-known/openid-configuration")[0].header("Host"), "accounts.google.com");

  std::string url = provider_url(*dex_, "google", "openid email profile groups offline_access");
  http::Values q = parse_url(url).query;
  EXPECT_EQ(q.get("client_id"), GoogleApi::kClientId);
  EXPECT_EQ(q.get("redirect_uri"), dex_->issuer() + "/callback");
  EXPECT_EQ(q.get("response_type"), "code");
  EXPECT_EQ(q.get("scope"), "openid profile email");
  EXPECT_EQ(q.get("hd"), "example.com");
  EXPECT_EQ(q.get("access_type"), "offline");
  EXPECT_EQ(q.get("prompt"), "consent");
  EXPECT_FALSE(q.get("nonce").empty());
  EXPECT_FALSE(q.get("state").empty());

  HttpResult r = return_from_provider(*dex_, google_.consent(url, "alice@example.com"));
  std::string code = code_of(r);
  ASSERT_FALSE(code.empty()) << r.status << " " << r.body << dex_->process().output();
  TokenReply t = redeem(*dex_, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["email"], "alice@example.com");
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_EQ(id["name"], "Alice Liddell");
  EXPECT_FALSE(id.contains("preferred_username"));
  EXPECT_EQ(id["sub"], subject("110169484474386276334", "google"));
  // eng's nested groups follow eng; the filter keeps the required ones in that order.
  EXPECT_EQ(id["groups"], json({"eng@example.com", "staff@example.com"}));

  // The code exchange: client_secret_basic first (x/oauth2's auto-detection), code and redirect_uri.
  auto tokens = google_.requests("/token");
  ASSERT_GE(tokens.size(), 2u);
  http::Values exchange = http::parse_query(tokens[0].body).values;
  EXPECT_EQ(tokens[0].method, "POST");
  EXPECT_EQ(tokens[0].header("Host"), "oauth2.googleapis.com");
  EXPECT_TRUE(tokens[0].header("Authorization").starts_with("Basic "));
  EXPECT_EQ(exchange.get("grant_type"), "authorization_code");
  EXPECT_EQ(exchange.get("redirect_uri"), dex_->issuer() + "/callback");
  EXPECT_FALSE(exchange.has("client_secret"));

  // One jwt-bearer grant, delegated to the domain's admin, reused for every directory page.
  int assertions = 0;
  for (const auto& t : tokens) {
    http::Values form = http::parse_query(t.body).values;
    if (form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer") continue;
    ++assertions;
    EXPECT_EQ(t.header("Content-Type"), "application/x-www-form-urlencoded");
    std::string assertion(form.get("assertion"));
    json header = jwt_part(assertion, 0), claims = jwt_part(assertion, 1);
    EXPECT_EQ(header, json({{"alg", "RS256"}, {"kid", "sa-key-1"}, {"typ", "JWT"}}));
    EXPECT_EQ(claims["iss"], GoogleApi::kServiceAccount);
    EXPECT_EQ(claims["sub"], "admin@example.com");
    EXPECT_EQ(claims["prn"], "admin@example.com");
    EXPECT_EQ(claims["scope"], "https://www.googleapis.com/auth/admin.directory.group.readonly");
    EXPECT_EQ(claims["aud"], "https://oauth2.googleapis.com/token");
    EXPECT_EQ(claims["exp"].get<int64_t>() - claims["iat"].get<int64_t>(), 3600);
  }
  EXPECT_EQ(assertions, 1);

  // groups.list: alice's two pages, then each group's own, every group once.
  std::vector<std::string> targets;
  for (const auto& g : google_.requests("/admin/directory/v1/groups")) {
    EXPECT_EQ(g.header("Host"), "admin.googleapis.com");
    EXPECT_TRUE(g.header("Authorization").starts_with("Bearer ya29.sa-")) << g.header("Authorization");
    targets.push_back(g.target);
  }
  EXPECT_EQ(
      targets,
      (std::vector<std::string>{
          "/admin/directory/v1/groups?alt=json&pageToken=&prettyPrint=false&userKey=alice%40example.com",
          "/admin/directory/v1/groups?alt=json&pageToken=&prettyPrint=false&userKey=eng%40example.com",
          "/admin/directory/v1/groups?alt=json&pageToken=&prettyPrint=false&userKey=staff%40example.com",
          "/admin/directory/v1/groups?alt=json&pageToken=&prettyPrint=false&userKey=all%40example.com",
          "/admin/directory/v1/groups?alt=json&pageToken=&prettyPrint=false&userKey=ops%40example.com",
          "/admin/directory/v1/groups?alt=json&pageToken=2&prettyPrint=false&userKey=alice%40example.com",
      }));
  // Every Google host was reached through the proxy.
  auto connects = proxy_.targets();
  for (const char* host : {"accounts.google.com:443", "oauth2.googleapis.com:443", "www.googleapis.com:443",
                           "admin.googleapis.com:443"}) {
    EXPECT_NE(std::find(connects.begin(), connects.end(), host), connects.end()) << host;
  }

  // Refresh: a refresh_token grant with the stored Google refresh token, the ID token mapped again.
  size_t before = google_.requests("/token").size();
  TokenReply refreshed = refresh(*dex_, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body << dex_->process().output();
  auto after = google_.requests("/token");
  ASSERT_EQ(after.size(), before + 1);
  http::Values grant = http::parse_query(after.back().body).values;
  EXPECT_EQ(grant.get("grant_type"), "refresh_token");
  EXPECT_TRUE(grant.get("refresh_token").starts_with("1//refresh-"));
  json again = claims_of(refreshed.str("id_token"));
  EXPECT_EQ(again["email"], "alice@example.com");
  EXPECT_EQ(again["groups"], json({"eng@example.com", "staff@example.com"}));
}

TEST_F(GoogleUpstream, RefusesAnotherHostedDomain) {
  start();
  HttpResult r = login_as("bob@other.org", "openid email");
  EXPECT_TRUE(code_of(r).empty());
  EXPECT_EQ(r.status, 500) << r.body;
  EXPECT_NE(dex_->process().output().find("unexpected hd claim other.org"), std::string::npos);
}

TEST_F(GoogleUpstream, RefusesUserOutsideRequiredGroups) {
  start();
  HttpResult r = login_as("carol@example.com", "openid email groups");
  EXPECT_TRUE(code_of(r).empty());
  EXPECT_EQ(r.status, 500) << r.body;
  EXPECT_NE(dex_->process().output().find("is not in any of the required groups"), std::string::npos);
  // Without the groups scope no directory call is made and the filter does not apply (dex).
  HttpResult plain = login_as("carol@example.com", "openid email");
  EXPECT_FALSE(code_of(plain).empty()) << plain.status << plain.body;
}

TEST_F(GoogleUpstream, UpstreamFailuresFailTheLogin) {
  start();
  // A 503 from the token endpoint, for both client authentication styles x/oauth2 tries.
  google_.fail_next("/token", 503, {{"error", "internal_failure"}}, 2);
  HttpResult r = login_as("alice@example.com", "openid email");
  EXPECT_TRUE(code_of(r).empty());
  EXPECT_EQ(r.status, 500);
  auto tokens = google_.requests("/token");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_TRUE(tokens[0].header("Authorization").starts_with("Basic "));
  EXPECT_EQ(http::parse_query(tokens[1].body).values.get("client_id"), GoogleApi::kClientId);

  // The Directory API's rate limit refuses the group lookup.
  google_.fail_next("/admin/directory/v1/groups", 429,
                    {{"error",
                      {{"code", 429},
                       {"message", "Quota exceeded"},
                       {"errors", {{{"message", "Quota exceeded"}, {"reason", "rateLimitExceeded"}}}}}}});
  HttpResult limited = login_as("alice@example.com", "openid email groups");
  EXPECT_TRUE(code_of(limited).empty());
  EXPECT_EQ(limited.status, 500);
  EXPECT_NE(dex_->process().output().find("googleapi: Error 429: Quota exceeded, rateLimitExceeded"),
            std::string::npos)
      << dex_->process().output();
}

TEST_F(GoogleUpstream, DeprecatedAdminEmailServesEveryDomain) {
  // adminEmail is domainToAdminEmail["*"]; without hostedDomains any domain logs in; without
  // fetchTransitiveGroupMembership only direct groups, all of them without `groups`.
  start("    adminEmail: root@example.com\n");
  HttpResult r = login_as("bob@other.org", "openid email groups");
  std::string code = code_of(r);
  ASSERT_FALSE(code.empty()) << r.status << r.body << dex_->process().output();
  json id = claims_of(redeem(*dex_, code, {"app", "app-secret"}).str("id_token"));
  EXPECT_FALSE(id.contains("groups"));  // bob has none
  code = code_of(login_as("alice@example.com", "openid email groups"));
  ASSERT_FALSE(code.empty());
  id = claims_of(redeem(*dex_, code, {"app", "app-secret"}).str("id_token"));
  EXPECT_EQ(id["groups"], json({"eng@example.com", "ops@example.com", "all@example.com"}));
  for (const auto& t : google_.requests("/token")) {
    http::Values form = http::parse_query(t.body).values;
    if (form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer") continue;
    EXPECT_EQ(jwt_part(std::string(form.get("assertion")), 1)["sub"], "root@example.com");
  }
  // bob's one page, alice's two.
  EXPECT_EQ(google_.requests("/admin/directory/v1/groups").size(), 3u);
}

}  // namespace
}  // namespace dexcc::testing
