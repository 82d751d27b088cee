// The ldap connector end to end: the real dexcc binary in front of a private slapd, through the
// password form (prompt, wrong, empty and injected credentials, groups, refresh, a deleted user)
// and the password grant, and a directory that goes down under it.
#include <gtest/gtest.h>

#include "flow_helpers.h"
#include "support/slapd_server.h"

namespace dexcc::testing {
namespace {

using namespace flow;

const Basic kApp{"app", "app-secret"};

class E2ELdap : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!SlapdServer::available()) GTEST_SKIP() << "slapd is not installed";
    ASSERT_TRUE(slapd_.start()) << slapd_.output();
  }

  // One ldap connector "ldap" (users by uid in both OUs, groups by member), the password grant
  // through it, and the client "app".
  DexccInstance& start(const std::string& oauth2_extra = {}) {
    std::string config = "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() +
                         "oauth2:\n  passwordConnector: ldap\n" + oauth2_extra + R"(connectors:
- type: ldap
  id: ldap
  name: Corporate LDAP
  config:
    host: )" + slapd_.ldap_host() +
                         R"(
    insecureNoSSL: true
    bindDN: cn=admin,dc=example,dc=org
    bindPW: admin
    usernamePrompt: Corporate ID
    connectTimeout: 2s
    requestTimeout: 2s
    userSearch:
      baseDN: dc=example,dc=org
      filter: (objectClass=inetOrgPerson)
      username: uid
      idAttr: employeeNumber
      emailAttr: mail
      nameAttr: cn
      preferredUsernameAttr: uid
    groupSearch:
      baseDN: ou=Groups,dc=example,dc=org
      filter: (objectClass=groupOfNames)
      userMatchers:
      - userAttr: DN
        groupAttr: member
      nameAttr: cn
)";
    dex_ = std::make_unique<DexccInstance>(config);
    EXPECT_TRUE(dex_->started()) << dex_->process().output();
    return *dex_;
  }

  // The password form's URL for a new authorization request.
  std::string form_url(DexccInstance& dex, const AuthParams& p) {
    HttpResult r = fetch(dex, "GET", dex.path("/auth/ldap") + "?" + auth_query(p));
    EXPECT_EQ(r.status, 302) << r.body;
    EXPECT_EQ(parse_url(location(r)).path, dex.path("/auth/ldap/login"));
    return location(r);
  }

  HttpResult submit(DexccInstance& dex, const std::string& url, const std::string& user,
                    const std::string& pass) {
    return fetch(dex, "POST", url, encode({{"login", user}, {"password", pass}}));
  }

  SlapdServer slapd_;
  std::unique_ptr<DexccInstance> dex_;
};

TEST_F(E2ELdap, PasswordFormLoginGroupsAndRefresh) {
  DexccInstance& dex = start();
  ASSERT_TRUE(dex.started());
  AuthParams p{.scope = "openid profile email groups offline_access"};
  std::string url = form_url(dex, p);
  HttpResult page = fetch(dex, "GET", url);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Corporate ID"), std::string::npos);

  for (auto [user, pass] : {std::pair{"jane", "wrong"},
                            {"nobody", "x"},
                            {"jane", ""},
                            {"*)(uid=*", "jane-pw"},
                            {"*", "jane-pw"}}) {
    HttpResult refused = submit(dex, url, user, pass);
    EXPECT_EQ(refused.status, 401) << user << " / " << pass;
    EXPECT_EQ(error_text(refused.body), "Invalid Corporate ID and password.") << user;
  }

  HttpResult done = follow(dex, submit(dex, url, "jane", "jane-pw"));
  std::string code = code_of(done);
  ASSERT_FALSE(code.empty()) << done.status << " " << done.body;
  TokenReply t = redeem(dex, code, kApp);
  ASSERT_EQ(t.status(), 200) << t.http.body;
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("1001", "ldap"));
  EXPECT_EQ(id["name"], "Jane Doe");
  EXPECT_EQ(id["preferred_username"], "jane");
  EXPECT_EQ(id["email"], "janedoe@example.org");
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_EQ(id["groups"], nlohmann::json({"admins", "developers"}));
  ASSERT_FALSE(t.str("refresh_token").empty());

  // Refresh reads the directory again: a new group shows; a deleted user cannot refresh.
  ASSERT_TRUE(
      slapd_.modify("dn: cn=staff,ou=Groups,dc=example,dc=org\nchangetype: modify\nadd: member\n"
                    "member: uid=jane,ou=People,dc=example,dc=org\n"));
  TokenReply r = refresh(dex, t.str("refresh_token"), kApp);
  ASSERT_EQ(r.status(), 200) << r.http.body;
  EXPECT_EQ(claims_of(r.str("id_token"))["groups"], nlohmann::json({"admins", "developers", "staff"}));
  ASSERT_TRUE(slapd_.modify("dn: uid=jane,ou=People,dc=example,dc=org\nchangetype: delete\n"));
  TokenReply gone = refresh(dex, r.str("refresh_token"), kApp);
  EXPECT_EQ(gone.status(), 500) << gone.http.body;
  EXPECT_TRUE(gone.str("access_token").empty());
}

TEST_F(E2ELdap, PasswordGrant) {
  DexccInstance& dex = start();
  ASSERT_TRUE(dex.started());
  auto grant = [&](const std::string& user, const std::string& pass,
                   const std::string& scope = "openid groups") {
    return token(dex, {{"grant_type", "password"}, {"username", user}, {"password", pass}, {"scope", scope}},
                 kApp);
  };
  TokenReply t = grant("john", "john-pw");
  ASSERT_EQ(t.status(), 200) << t.http.body;
  auto id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("1002", "ldap"));
  EXPECT_EQ(id["groups"], nlohmann::json({"developers"}));
  EXPECT_TRUE(t.str("refresh_token").empty());
  TokenReply offline = grant("alice", "alice-pw", "openid offline_access");
  ASSERT_EQ(offline.status(), 200) << offline.http.body;
  EXPECT_EQ(refresh(dex, offline.str("refresh_token"), kApp).status(), 200);

  for (auto [user, pass] :
       {std::pair{"john", "jane-pw"}, {"nobody", "x"}, {"john", ""}, {"*)(uid=*", "john-pw"}}) {
    expect_oauth_error(grant(user, pass), 401, "access_denied", "Invalid username or password");
  }
  // A user the directory cannot map (no mail) is a connector error, not wrong credentials.
  expect_oauth_error(grant("nomail", "nomail-pw"), 400, "invalid_request", "Could not login user");
}

TEST_F(E2ELdap, DirectoryDownAndBack) {
  DexccInstance& dex = start();
  ASSERT_TRUE(dex.started());
  std::string url = form_url(dex, AuthParams{});
  slapd_.stop();
  HttpResult down = submit(dex, url, "jane", "jane-pw");
  EXPECT_EQ(down.status, 500);
  EXPECT_NE(down.body.find("Login error"), std::string::npos) << down.body;
  TokenReply grant = token(
      dex, {{"grant_type", "password"}, {"username", "jane"}, {"password", "jane-pw"}, {"scope", "openid"}},
      kApp);
  expect_oauth_error(grant, 400, "invalid_request", "Could not login user");
  EXPECT_NE(dex.process().output().find("the directory cannot be reached"), std::string::npos);

  ASSERT_TRUE(slapd_.start()) << slapd_.output();
  HttpResult back = follow(dex, submit(dex, url, "jane", "jane-pw"));
  EXPECT_FALSE(code_of(back).empty()) << back.status << " " << back.body;
}

}  // namespace
}  // namespace dexcc::testing
