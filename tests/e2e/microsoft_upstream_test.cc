// End-to-end: the microsoft connector against a local Microsoft identity platform and Graph
// (tests/support/fakes/microsoft_api): on the default hosts through an HTTPS proxy tunnel, and on
// apiURL/graphURL overrides. Code flow, the org-tenant group rules, @odata.nextLink paging, the
// 403 for a user outside the required groups, a wrong tenant, refresh with the stored token and
// with a refresh grant, and Graph's 5xx and 429 answers.
#include <gtest/gtest.h>

#include "provider_helpers.h"
#include "support/fakes/microsoft_api.h"
#include "support/tunnel_proxy.h"

namespace dexcc::testing {
namespace {

using namespace flow;
using nlohmann::json;

constexpr char kTenant[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";

class MicrosoftUpstream : public ::testing::Test {
 protected:
  MicrosoftUpstream() : proxy_(ms_.port()) {
    ms_.add_group("g-1", "Admins");
    ms_.add_group("g-2", "Developers");
    ms_.add_group("g-3", "Everyone", false);
    ms_.add_group("g-4", "Ops");
    ms_.add_user({.id = "u-alice",
                  .display_name = "Alice Smith",
                  .user_principal_name = "Alice@Contoso.com",
                  .tenant = kTenant,
                  .group_ids = {"g-1", "g-2", "g-3", "g-4"}});
    ms_.add_user({.id = "u-bob",
                  .display_name = "Bob",
                  .user_principal_name = "bob@contoso.com",
                  .tenant = kTenant,
                  .group_ids = {"g-3"}});
    ms_.add_user({.id = "u-eve",
                  .display_name = "Eve",
                  .user_principal_name = "eve@fabrikam.com",
                  .tenant = "fabrikam-tenant"});
  }

  // `config` is the connector's config block (indented four spaces).
  void start(const std::string& config) {
    std::string ca = write_file(files_, "ca.pem", ms_.ca_pem());
    dex_ = std::make_unique<DexccInstance>(InstanceOptions{
        .config_body = "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() + R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: microsoft
  id: microsoft
  name: Microsoft
  config:
    clientID: 6731de76-14a6-49ae-97bc-6eba6914391e
    clientSecret: ms-secret
    redirectURI: "{{ISSUER}}/callback"
)" + config,
        .env = tunnel_env(proxy_.url(), ca)});
    ASSERT_TRUE(dex_->started()) << dex_->process().output();
  }

  HttpResult login_as(const std::string& upn, const std::string& scope) {
    std::string url = provider_url(*dex_, "microsoft", scope);
    EXPECT_FALSE(url.empty());
    return return_from_provider(*dex_, ms_.consent(url, upn));
  }

  MicrosoftApi ms_;
  TunnelProxy proxy_;
  TempDir files_;
  std::unique_ptr<DexccInstance> dex_;
};

TEST_F(MicrosoftUpstream, OrgTenantLoginWithGroupsThenRefresh) {
  ms_.set_page_size(2);
  start(std::string("    tenant: ") + kTenant + R"(
    emailToLowercase: true
    promptType: select_account
    domainHint: contoso.com
)");
  std::string url = provider_url(*dex_, "microsoft", "openid email profile groups offline_access");
  EXPECT_TRUE(url.starts_with(std::string("https://login.microsoftonline.com/") + kTenant +
                              "/oauth2/v2.0/authorize?"))
      << url;
  http::Values q = parse_url(url).query;
  EXPECT_EQ(q.get("client_id"), MicrosoftApi::kClientId);
  EXPECT_EQ(q.get("redirect_uri"), dex_->issuer() + "/callback");
  EXPECT_EQ(q.get("response_type"), "code");
  EXPECT_EQ(q.get("scope"), "user.read directory.read.all offline_access");
  EXPECT_EQ(q.get("prompt"), "select_account");
  EXPECT_EQ(q.get("domain_hint"), "contoso.com");

  HttpResult r = return_from_provider(*dex_, ms_.consent(url, "Alice@Contoso.com"));
  std::string code = code_of(r);
  ASSERT_FALSE(code.empty()) << r.status << r.body << dex_->process().output();
  TokenReply t = redeem(*dex_, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("u-alice", "microsoft"));
  EXPECT_EQ(id["name"], "Alice Smith");
  EXPECT_EQ(id["email"], "alice@contoso.com");  // emailToLowercase
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_EQ(id["groups"], json({"Admins", "Developers", "Everyone", "Ops"}));

  // The token request went to the tenant's v2.0 endpoint.
  auto tokens = ms_.requests(std::string("/") + kTenant + "/oauth2/v2.0/token");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].header("Host"), "login.microsoftonline.com");
  EXPECT_EQ(http::parse_query(tokens[0].body).values.get("grant_type"), "authorization_code");
  // /me with dex's $select, with the user's token.
  auto me = ms_.requests("/v1.0/me");
  ASSERT_EQ(me.size(), 1u);
  EXPECT_EQ(me[0].target, "/v1.0/me?$select=id,displayName,userPrincipalName");
  EXPECT_EQ(me[0].header("Host"), "graph.microsoft.com");
  EXPECT_TRUE(me[0].header("Authorization").starts_with("Bearer eyJ0eXAiOiJKV1Qi.at-"));
  // getMemberGroups: two pages through @odata.nextLink, the same JSON body (Go's encoder's newline).
  auto member = ms_.requests("/v1.0/me/getMemberGroups");
  ASSERT_EQ(member.size(), 2u);
  EXPECT_EQ(member[0].target, "/v1.0/me/getMemberGroups");
  EXPECT_EQ(member[1].target, "/v1.0/me/getMemberGroups?$skiptoken=2");
  for (const auto& m : member) {
    EXPECT_EQ(m.method, "POST");
    EXPECT_EQ(m.body, "{\"securityEnabledOnly\":false}\n");
    EXPECT_EQ(m.header("Content-Type"), "application/json");
  }
  auto lookups = ms_.requests("/v1.0/directoryObjects/getByIds");
  ASSERT_EQ(lookups.size(), 2u);
  EXPECT_EQ(lookups[0].body, "{\"ids\":[\"g-1\",\"g-2\",\"g-3\",\"g-4\"],\"types\":[\"group\"]}\n");
  EXPECT_EQ(lookups[1].target, "/v1.0/directoryObjects/getByIds?$skiptoken=2");

  // Refresh while the stored access token is valid: Graph again, no token request.
  TokenReply again = refresh(*dex_, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(again.status(), 200) << again.http.body << dex_->process().output();
  EXPECT_EQ(ms_.requests(std::string("/") + kTenant + "/oauth2/v2.0/token").size(), 1u);
  EXPECT_EQ(ms_.requests("/v1.0/me").size(), 2u);
  // dex does not lower-case on refresh.
  EXPECT_EQ(claims_of(again.str("id_token"))["email"], "Alice@Contoso.com");
}

TEST_F(MicrosoftUpstream, ExpiredAccessTokenIsRefreshedAndWrittenBack) {
  // Tokens that expire within x/oauth2's 10 s margin: every dexcc refresh needs a refresh grant.
  ms_.set_expires_in(5);
  start("    tenant: " + std::string(kTenant) + "\n    apiURL: " + ms_.url() +
        "/\n    graphURL: " + ms_.url() + "\n");
  std::string url = provider_url(*dex_, "microsoft", "openid profile offline_access");
  EXPECT_TRUE(url.starts_with(ms_.url() + "/" + kTenant + "/oauth2/v2.0/authorize?")) << url;
  // Without the groups scope and without `groups`, no directory scope and no group calls.
  EXPECT_EQ(parse_url(url).query.get("scope"), "user.read offline_access");
  std::string code = code_of(return_from_provider(*dex_, ms_.consent(url, "bob@contoso.com")));
  ASSERT_FALSE(code.empty()) << dex_->process().output();
  TokenReply t = redeem(*dex_, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200);
  EXPECT_TRUE(ms_.requests("/v1.0/me/getMemberGroups").empty());
  std::string token_path = std::string("/") + kTenant + "/oauth2/v2.0/token";
  for (int i = 1; i <= 2; ++i) {
    t = refresh(*dex_, t.str("refresh_token"), {"app", "app-secret"});
    ASSERT_EQ(t.status(), 200) << t.http.body << dex_->process().output();
    auto tokens = ms_.requests(token_path);
    ASSERT_EQ(tokens.size(), 1u + i);
    http::Values grant = http::parse_query(tokens.back().body).values;
    EXPECT_EQ(grant.get("grant_type"), "refresh_token");
    // The rotated refresh token of the previous grant was written back and is used now.
    EXPECT_EQ(grant.get("refresh_token"), "0.AXEA-refresh-" + std::to_string(1 + 2 * i));
    EXPECT_EQ(claims_of(t.str("id_token"))["name"], "Bob");
  }
}

TEST_F(MicrosoftUpstream, RefusalsAndUpstreamFailures) {
  start("    tenant: " + std::string(kTenant) + "\n    apiURL: " + ms_.url() +
        "\n    graphURL: " + ms_.url() +
        "\n    groups: [Admins, Ops]\n    useGroupsAsWhitelist: true\n    onlySecurityGroups: true\n");
  // A member of a required group: only the required groups are kept, security groups only asked.
  HttpResult ok = login_as("Alice@Contoso.com", "openid groups");
  std::string code = code_of(ok);
  ASSERT_FALSE(code.empty()) << ok.status << ok.body << dex_->process().output();
  TokenReply t = redeem(*dex_, code, {"app", "app-secret"});
  EXPECT_EQ(claims_of(t.str("id_token"))["groups"], json({"Admins", "Ops"}));
  EXPECT_EQ(ms_.requests("/v1.0/me/getMemberGroups")[0].body, "{\"securityEnabledOnly\":true}\n");

  // Not in a required group: dex's one 403.
  HttpResult refused = login_as("bob@contoso.com", "openid");
  EXPECT_TRUE(code_of(refused).empty());
  EXPECT_EQ(refused.status, 403) << refused.body;

  // An account of another tenant: the platform refuses the sign-in, dexcc shows the error.
  HttpResult tenant = login_as("eve@fabrikam.com", "openid");
  EXPECT_TRUE(code_of(tenant).empty());
  EXPECT_EQ(tenant.status, 500);
  EXPECT_NE(dex_->process().output().find("access_denied: AADSTS50020"), std::string::npos);

  // Graph's 503 on /me, then its throttling on getMemberGroups.
  ms_.fail_next("/v1.0/me", 503,
                {{"error", {{"code", "serviceNotAvailable"}, {"message", "Service unavailable"}}}});
  HttpResult down = login_as("Alice@Contoso.com", "openid");
  EXPECT_EQ(down.status, 500);
  EXPECT_NE(dex_->process().output().find("microsoft: get user: serviceNotAvailable: Service unavailable"),
            std::string::npos);
  ms_.fail_next("/v1.0/me/getMemberGroups", 429,
                {{"error", {{"code", "TooManyRequests"}, {"message", "Too many requests"}}}});
  HttpResult throttled = login_as("Alice@Contoso.com", "openid");
  EXPECT_EQ(throttled.status, 500);
  EXPECT_NE(dex_->process().output().find("microsoft: get groups: TooManyRequests: Too many requests"),
            std::string::npos);
}

TEST_F(MicrosoftUpstream, CommonTenantReadsNoGroups) {
  start("    apiURL: " + ms_.url() + "\n    graphURL: " + ms_.url() + "\n    groups: [Admins]\n");
  std::string url = provider_url(*dex_, "microsoft", "openid groups");
  EXPECT_TRUE(url.starts_with(ms_.url() + "/common/oauth2/v2.0/authorize?")) << url;
  EXPECT_EQ(parse_url(url).query.get("scope"), "user.read");
  // dex's rule: groups only in org tenants, so `groups` does not refuse Bob here.
  std::string code = code_of(return_from_provider(*dex_, ms_.consent(url, "bob@contoso.com")));
  EXPECT_FALSE(code.empty()) << dex_->process().output();
  EXPECT_TRUE(ms_.requests("/v1.0/me/getMemberGroups").empty());
}

}  // namespace
}  // namespace dexcc::testing
