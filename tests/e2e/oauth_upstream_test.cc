// End-to-end: the generic oauth connector against a second dexcc's token and userinfo endpoints.
#include <gtest/gtest.h>

#include "upstream_helpers.h"

namespace dexcc::testing {
namespace {

using namespace flow;

TEST(OauthUpstream, CodeFlowThroughTokenAndUserinfo) {
  DexccInstance upstream(upstream_dexcc_config());
  ASSERT_TRUE(upstream.started()) << upstream.process().output();
  DexccInstance downstream("storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() + R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: oauth
  id: generic
  name: Generic
  config:
    clientID: downstream
    clientSecret: down-secret
    redirectURI: "{{ISSUER}}/callback"
    authorizationURL: )" + upstream.issuer() +
                           R"(/auth
    tokenURL: )" + upstream.issuer() +
                           R"(/token
    userInfoURL: )" + upstream.issuer() +
                           R"(/userinfo
    scopes: [openid, email, profile]
    userIDKey: sub
    claimMapping:
      userNameKey: name
)");
  ASSERT_TRUE(downstream.started()) << downstream.process().output();

  HttpResult r = browse_two(
      downstream, upstream,
      downstream.path("/auth/generic") + "?" + auth_query({.scope = "openid email profile offline_access"}));
  std::string code = code_of(r);
  ASSERT_FALSE(code.empty()) << r.status << " " << location(r) << r.body << downstream.process().output();
  TokenReply t = redeem(downstream, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  nlohmann::json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["email"], "admin@example.com");
  EXPECT_EQ(id["name"], "admin");
  EXPECT_EQ(id["sub"], subject(upstream_admin_subject(), "generic"));
  // No Refresh in the oauth connector: no refresh token, even with offline_access.
  EXPECT_TRUE(t.str("refresh_token").empty());
}

}  // namespace
}  // namespace dexcc::testing
