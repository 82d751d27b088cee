// End-to-end: the openshift connector against a local OpenShift OAuth server and user API
// (tests/support/fakes/openshift_api) over HTTPS: discovery at start-up, the code flow with
// scope user:info, the user and groups read with the user's token, refresh re-reading them, the
// groups refusal, rootCA versus insecureCA, and the API's 5xx.
#include <gtest/gtest.h>

#include "provider_helpers.h"
#include "support/fakes/openshift_api.h"

namespace dexcc::testing {
namespace {

using namespace flow;
using nlohmann::json;

class OpenshiftUpstream : public ::testing::Test {
 protected:
  OpenshiftUpstream() {
    api_.add_user({.name = "alice",
                   .uid = "5c2f1e0a-uid-alice",
                   .full_name = "Alice",
                   .groups = {"developers", "ops"}});
    api_.add_user({.name = "bob", .uid = "uid-bob", .full_name = "Bob", .groups = {"guests"}});
  }

  // `tls` is the connector's rootCA or insecureCA line.
  void start(const std::string& tls) {
    dex_ = std::make_unique<DexccInstance>("storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() +
                                           R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: openshift
  id: openshift
  name: OpenShift
  config:
    issuer: )" + api_.issuer() + R"(
    clientID: dexcc-openshift
    clientSecret: openshift-secret
    redirectURI: "{{ISSUER}}/callback"
    groups: [developers, admins]
)" + tls);
    ASSERT_TRUE(dex_->started()) << dex_->process().output();
  }

  HttpResult login_as(const std::string& name, const std::string& scope) {
    std::string url = provider_url(*dex_, "openshift", scope);
    EXPECT_TRUE(url.starts_with(api_.issuer() + "/oauth/authorize?")) << url;
    return return_from_provider(*dex_, api_.consent(url, name));
  }

  OpenshiftApi api_;
  TempDir files_;
  std::unique_ptr<DexccInstance> dex_;
};

TEST_F(OpenshiftUpstream, LoginThenRefresh) {
  start("    rootCA: " + write_file(files_, "ca.pem", api_.ca_pem()) + "\n");
  ASSERT_EQ(api_.requests("/.well-known/oauth-authorization-server").size(), 1u);
  std::string url = provider_url(*dex_, "openshift", "openid email profile groups offline_access");
  http::Values q = parse_url(url).query;
  EXPECT_EQ(q.get("scope"), "user:info");
  EXPECT_EQ(q.get("client_id"), OpenshiftApi::kClientId);
  EXPECT_EQ(q.get("redirect_uri"), dex_->issuer() + "/callback");
  EXPECT_EQ(q.get("response_type"), "code");
  std::string code = code_of(return_from_provider(*dex_, api_.consent(url, "alice")));
  ASSERT_FALSE(code.empty()) << dex_->process().output();
  TokenReply t = redeem(*dex_, code, {"app", "app-secret"});
  ASSERT_EQ(t.status(), 200) << t.http.body;
  json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("5c2f1e0a-uid-alice", "openshift"));
  EXPECT_EQ(id["name"], "alice");
  EXPECT_EQ(id["preferred_username"], "alice");
  EXPECT_EQ(id["email"], "alice");
  EXPECT_EQ(id["email_verified"], false);
  EXPECT_EQ(id["groups"], json({"developers", "ops"}));  // all of them: `groups` only gates

  auto token = api_.requests("/oauth/token");
  ASSERT_EQ(token.size(), 1u);
  EXPECT_TRUE(token[0].header("Authorization").starts_with("Basic "));
  http::Values form = http::parse_query(token[0].body).values;
  EXPECT_EQ(form.get("grant_type"), "authorization_code");
  EXPECT_EQ(form.get("code"), "code-1");
  auto users = api_.requests("/apis/user.openshift.io/v1/users/~");
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].method, "GET");
  EXPECT_EQ(users[0].header("Authorization"), "Bearer sha256~token-2");

  // Refresh re-reads the user with the stored token: new group memberships show.
  api_.add_user({.name = "alice",
                 .uid = "5c2f1e0a-uid-alice",
                 .full_name = "Alice",
                 .groups = {"developers", "admins"}});
  TokenReply r = refresh(*dex_, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(r.status(), 200) << r.http.body << dex_->process().output();
  EXPECT_EQ(claims_of(r.str("id_token"))["groups"], json({"developers", "admins"}));
  users = api_.requests("/apis/user.openshift.io/v1/users/~");
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[1].header("Authorization"), "Bearer sha256~token-2");
  EXPECT_EQ(api_.requests("/oauth/token").size(), 1u);

  // Out of every required group now: the refresh is refused.
  api_.add_user({.name = "alice", .uid = "5c2f1e0a-uid-alice", .full_name = "Alice", .groups = {"ops"}});
  TokenReply refused = refresh(*dex_, r.str("refresh_token"), {"app", "app-secret"});
  EXPECT_NE(refused.status(), 200);
}

TEST_F(OpenshiftUpstream, RefusalAndUpstreamFailure) {
  start("    insecureCA: true\n");  // no rootCA: the certificate is not checked at all
  HttpResult bob = login_as("bob", "openid");
  EXPECT_TRUE(code_of(bob).empty());
  EXPECT_EQ(bob.status, 500);
  EXPECT_NE(dex_->process().output().find("openshift: user \\\"bob\\\" is not in any of the required groups"),
            std::string::npos)
      << dex_->process().output();

  api_.fail_next(
      "/apis/user.openshift.io/v1/users/~", 503,
      {{"kind", "Status"}, {"status", "Failure"}, {"message", "etcdserver: leader changed"}, {"code", 503}});
  HttpResult down = login_as("alice", "openid");
  EXPECT_TRUE(code_of(down).empty());
  EXPECT_EQ(down.status, 500);
  EXPECT_NE(dex_->process().output().find("openshift: get user: 503 Service Unavailable: "),
            std::string::npos);
}

TEST_F(OpenshiftUpstream, UntrustedCertificateFailsTheOpen) {
  // Neither rootCA nor insecureCA (a second connector keeps dexcc up when this one fails).
  start("- type: mockCallback\n  id: mock\n  name: Example\n");
  // Discovery failed at start-up; the connector cannot be used.
  HttpResult r = fetch(*dex_, "GET", dex_->path("/auth/openshift") + "?" + auth_query({}));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(dex_->process().output().find("failed to query OpenShift endpoint"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
