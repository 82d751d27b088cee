// Driving a password connector's login form end to end: from /auth/{id} to the form, then posting
// a username and password to it.
#pragma once

#include "flow_helpers.h"

namespace dexcc::testing::flow {

// The login form of `connector` for a new authorization request: the page and its POST URL.
struct PasswordForm {
  HttpResult page;
  std::string post_url;
};

inline PasswordForm open_password_form(const DexccInstance& dex, const std::string& connector,
                                       const AuthParams& p) {
  HttpResult r = fetch(dex, "GET", dex.path("/auth/" + connector) + "?" + auth_query(p));
  EXPECT_EQ(r.status, 302) << r.body;
  EXPECT_EQ(parse_url(location(r)).path, dex.path("/auth/" + connector + "/login"));
  PasswordForm form{fetch(dex, "GET", location(r)), ""};
  EXPECT_EQ(form.page.status, 200) << form.page.body;
  auto found = forms(form.page.body);
  EXPECT_EQ(found.size(), 1u) << form.page.body;
  if (!found.empty()) form.post_url = found[0].action;
  return form;
}

inline HttpResult submit_password(const DexccInstance& dex, const PasswordForm& form, const std::string& user,
                                  const std::string& password) {
  return fetch(dex, "POST", form.post_url, encode({{"login", user}, {"password", password}}));
}

// A successful form login, redeemed by "app" (the test fails with the pages when there is no code).
inline TokenReply redeem_form_login(const DexccInstance& dex, const PasswordForm& form,
                                    const std::string& user, const std::string& password) {
  HttpResult done = follow(dex, submit_password(dex, form, user, password));
  std::string code = code_of(done);
  EXPECT_FALSE(code.empty()) << done.status << done.body;
  TokenReply t = redeem(dex, code, Basic{"app", "app-secret"});
  EXPECT_EQ(t.status(), 200) << t.http.body;
  return t;
}

// A refresh the connector refuses: 500 and no tokens (dex's answer to any connector error).
inline void expect_refresh_refused(const DexccInstance& dex, const std::string& refresh_token) {
  TokenReply r = refresh(dex, refresh_token, Basic{"app", "app-secret"});
  EXPECT_EQ(r.status(), 500) << r.http.body;
  EXPECT_TRUE(r.str("access_token").empty());
  EXPECT_TRUE(r.str("refresh_token").empty());
}

// The resource-owner password grant for the client "app".
inline TokenReply password_grant_for(const DexccInstance& dex, const std::string& user,
                                     const std::string& password, const std::string& scope) {
  return token(dex,
               {{"grant_type", "password"}, {"username", user}, {"password", password}, {"scope", scope}},
               Basic{"app", "app-secret"});
}

// The password connector `connector` (also oauth2.passwordConnector) with the client "app".
inline std::string password_connector_config(const std::string& type, const std::string& connector,
                                             const std::string& config_yaml) {
  return "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() +
         "oauth2:\n  skipApprovalScreen: true\n" + "  passwordConnector: " + connector +
         "\nconnectors:\n- type: " + type + "\n  id: " + connector + "\n  name: " + connector +
         "\n  config:\n" + config_yaml;
}

}  // namespace dexcc::testing::flow
