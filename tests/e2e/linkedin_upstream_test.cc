// End-to-end: the linkedin connector against a local LinkedIn (tests/support/fakes/linkedin_api)
// on LinkedIn's own host names, reached through an HTTPS proxy tunnel: the code flow with the
// legacy v2 scopes, client credentials in the body, the profile and email calls, refresh with the
// stored access token, a cancelled login, a member without email, and LinkedIn's 5xx and 429.
#include <gtest/gtest.h>

#include "provider_helpers.h"
#include "support/fakes/linkedin_api.h"
#include "support/tunnel_proxy.h"

namespace dexcc::testing {
namespace {

using namespace flow;
using nlohmann::json;

class LinkedinUpstream : public ::testing::Test {
 protected:
  LinkedinUpstream() : proxy_(api_.port()) {
    api_.add_member(
        {.id = "yrZCpj2Z12", .first_name = "Jane", .last_name = "Doe", .email = "jane@example.com"});
    api_.add_member({.id = "nameless", .first_name = " ", .email = "anon@example.com"});
    api_.add_member({.id = "no-email", .first_name = "Quiet", .last_name = "Member"});
    std::string ca = write_file(files_, "ca.pem", api_.ca_pem());
    dex_ = std::make_unique<DexccInstance>(InstanceOptions{
        .config_body = "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() + R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: linkedin
  id: linkedin
  name: LinkedIn
  config:
    clientID: 78linkedin
    clientSecret: linkedin-secret
    redirectURI: "{{ISSUER}}/callback"
)",
        .env = tunnel_env(proxy_.url(), ca)});
  }

  HttpResult login_as(const std::string& id, const std::string& scope = "openid email profile") {
    std::string url = provider_url(*dex_, "linkedin", scope);
    EXPECT_TRUE(url.starts_with("https://www.linkedin.com/oauth/v2/authorization?")) << url;
    return return_from_provider(*dex_, api_.consent(url, id));
  }

  LinkedinApi api_;
  TunnelProxy proxy_;
  TempDir files_;
  std::unique_ptr<DexccInstance> dex_;
};

TEST_F(LinkedinUpstream, LoginThenRefresh) {
  ASSERT_TRUE(dex_->started()) << dex_->process().output();
  std::string url = provider_url(*dex_, "linkedin", "openid email profile groups offline_access");
  http::Values q = parse_url(url).query;
  EXPECT_EQ(q.get("scope"), "r_liteprofile r_emailaddress");
  EXPECT_EQ(q.get("client_id"), LinkedinApi::kClientId);
  EXPECT_EQ(q.get("redirect_uri"), dex_->issuer() + "/callback");
  EXPECT_EQ(q.get("response_type"), "code");
  std::string code = code_of(return_from_provider(*dex_, api_.consent(url, "yrZCpj2Z12")));
  ASSERT_FALSE(code.empty()) << dex_->process().output();
  TokenReply t = redeem(*dex_, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("yrZCpj2Z12", "linkedin"));
  EXPECT_EQ(id["name"], "Jane Doe");
  EXPECT_EQ(id["email"], "jane@example.com");
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_FALSE(id.contains("groups"));

  // Client credentials in the body, never Basic (dex's AuthStyleInParams).
  auto tokens = api_.requests("/oauth/v2/accessToken");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_FALSE(tokens[0].has_header("Authorization"));
  http::Values form = http::parse_query(tokens[0].body).values;
  EXPECT_EQ(form.get("grant_type"), "authorization_code");
  EXPECT_EQ(form.get("client_id"), LinkedinApi::kClientId);
  EXPECT_EQ(form.get("client_secret"), LinkedinApi::kClientSecret);
  EXPECT_EQ(form.get("redirect_uri"), dex_->issuer() + "/callback");
  auto me = api_.requests("/v2/me");
  ASSERT_EQ(me.size(), 1u);
  EXPECT_EQ(me[0].header("Host"), "api.linkedin.com");
  EXPECT_EQ(me[0].header("Authorization"), "Bearer AQVtoken-2");
  auto emails = api_.requests("/v2/emailAddress");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0].target, "/v2/emailAddress?q=members&projection=(elements*(handle~))");

  // Refresh: the profile again with the stored access token; no token request.
  api_.add_member(
      {.id = "yrZCpj2Z12", .first_name = "Jane", .last_name = "Roe", .email = "jane.roe@example.com"});
  TokenReply r = refresh(*dex_, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(r.status(), 200) << r.http.body << dex_->process().output();
  json again = claims_of(r.str("id_token"));
  EXPECT_EQ(again["name"], "Jane Roe");
  EXPECT_EQ(again["email"], "jane.roe@example.com");
  EXPECT_EQ(api_.requests("/oauth/v2/accessToken").size(), 1u);
  EXPECT_EQ(api_.requests("/v2/me").back().header("Authorization"), "Bearer AQVtoken-2");
}

TEST_F(LinkedinUpstream, NameFallsBackToEmail) {
  ASSERT_TRUE(dex_->started()) << dex_->process().output();
  std::string code = code_of(login_as("nameless"));
  ASSERT_FALSE(code.empty()) << dex_->process().output();
  EXPECT_EQ(claims_of(redeem(*dex_, code, {"app", "app-secret"}).str("id_token"))["name"],
            "anon@example.com");
}

TEST_F(LinkedinUpstream, RefusalsAndUpstreamFailures) {
  ASSERT_TRUE(dex_->started()) << dex_->process().output();
  HttpResult cancelled = login_as("someone-who-cancels");
  EXPECT_TRUE(code_of(cancelled).empty());
  EXPECT_EQ(cancelled.status, 500);
  EXPECT_NE(dex_->process().output().find("user_cancelled_login: The user cancelled LinkedIn login"),
            std::string::npos);

  HttpResult no_email = login_as("no-email");
  EXPECT_EQ(no_email.status, 500);
  EXPECT_NE(dex_->process().output().find("linkedin: get profile: fetching email: email is not set"),
            std::string::npos);

  api_.fail_next("/v2/me", 500, {{"message", "Internal Server Error"}, {"status", 500}});
  HttpResult down = login_as("yrZCpj2Z12");
  EXPECT_EQ(down.status, 500);
  EXPECT_NE(dex_->process().output().find("linkedin: get profile: 500 Internal Server Error: "),
            std::string::npos);

  api_.fail_next(
      "/v2/emailAddress", 429,
      {{"message", "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."},
       {"status", 429}});
  HttpResult throttled = login_as("yrZCpj2Z12");
  EXPECT_EQ(throttled.status, 500);
  EXPECT_NE(dex_->process().output().find("fetching email: 429 Too Many Requests: "), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
