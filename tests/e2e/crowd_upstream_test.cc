// End-to-end: the atlassian-crowd connector of the real binary against FakeCrowd: the login form,
// the password grant, refresh (user re-read, session renewed), and refusals (wrong password, user
// deactivated or removed, required groups, Crowd down).
#include <gtest/gtest.h>

#include "base/base64.h"
#include "password_form.h"
#include "support/fake_crowd.h"

namespace dexcc::testing {
namespace {

using namespace flow;

class CrowdUpstream : public ::testing::Test {
 protected:
  CrowdUpstream()
      : crowd_("dex-app", "app-secret",
               {{.key = "k-jane",
                 .name = "jane",
                 .password = "jane-pw",
                 .email = "jane@example.com",
                 .groups = {"dev", "ops"}},
                {.key = "k-bob",
                 .name = "bob",
                 .password = "bob-pw",
                 .email = "bob@example.com",
                 .groups = {"guests"}}}),
        dex_(
            password_connector_config("atlassian-crowd", "crowd",
                                      "    baseURL: " + crowd_.base_url() +
                                          "\n    clientID: dex-app\n    clientSecret: app-secret\n"
                                          "    groups: [dev, ops, admins]\n    preferredUsernameField: name\n"
                                          "    usernamePrompt: Crowd username\n")) {}

  void SetUp() override { ASSERT_TRUE(dex_.started()) << dex_.process().output(); }

  FakeCrowd crowd_;
  DexccInstance dex_;
};

TEST_F(CrowdUpstream, LoginFormCodeAndRefresh) {
  AuthParams p{.scope = "openid email profile groups offline_access"};
  PasswordForm form = open_password_form(dex_, "crowd", p);
  EXPECT_NE(form.page.body.find("Crowd username"), std::string::npos);

  HttpResult wrong = submit_password(dex_, form, "jane", "nope");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(error_text(wrong.body), "Invalid Crowd username and password.");
  EXPECT_EQ(forms(wrong.body)[0].get("login"), "jane");

  TokenReply t = redeem_form_login(dex_, form, "jane", "jane-pw");
  ASSERT_EQ(t.status(), 200);
  nlohmann::json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("k-jane", "crowd"));
  EXPECT_EQ(id["name"], "jane");
  EXPECT_EQ(id["preferred_username"], "jane");
  EXPECT_EQ(id["email"], "jane@example.com");
  EXPECT_EQ(id["groups"], nlohmann::json({"dev", "ops"}));
  ASSERT_FALSE(t.str("refresh_token").empty());

  size_t before = crowd_.requests().size();
  TokenReply r = refresh(dex_, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(r.status(), 200) << r.http.body;
  auto requests = crowd_.requests();
  ASSERT_EQ(requests.size(), before + 3);
  EXPECT_EQ(requests[before].target, "/crowd/rest/usermanagement/1/user?username=jane");
  EXPECT_EQ(requests[before + 1].method, "POST");
  EXPECT_EQ(requests[before + 1].target, "/crowd/rest/usermanagement/1/session?validate-password=false");
  EXPECT_EQ(requests[before + 1].body, R"({"username":"jane"})");
  EXPECT_EQ(requests[before + 1].header("Authorization"),
            "Basic " + base::base64_encode("dex-app:app-secret"));
  EXPECT_EQ(requests[before + 2].target, "/crowd/rest/usermanagement/1/user/group/nested?username=jane");

  crowd_.set_active("jane", false);
  expect_refresh_refused(dex_, r.str("refresh_token"));
  crowd_.set_active("jane", true);
  crowd_.remove_user("jane");
  expect_refresh_refused(dex_, r.str("refresh_token"));
}

TEST_F(CrowdUpstream, PasswordGrant) {
  TokenReply t = password_grant_for(dex_, "jane", "jane-pw", "openid groups offline_access");
  ASSERT_EQ(t.status(), 200) << t.http.body;
  EXPECT_EQ(claims_of(t.str("id_token"))["groups"], nlohmann::json({"dev", "ops"}));
  TokenReply r = refresh(dex_, t.str("refresh_token"), {"app", "app-secret"});
  EXPECT_EQ(r.status(), 200) << r.http.body;

  expect_oauth_error(password_grant_for(dex_, "jane", "nope", "openid"), 401, "access_denied",
                     "Invalid username or password");
  expect_oauth_error(password_grant_for(dex_, "jane", "", "openid"), 401, "access_denied",
                     "Invalid username or password");
  // bob is in none of the configured groups: a login error, as in dex.
  expect_oauth_error(password_grant_for(dex_, "bob", "bob-pw", "openid groups"), 400, "invalid_request",
                     "Could not login user");
}

TEST_F(CrowdUpstream, CrowdDown) {
  PasswordForm form = open_password_form(dex_, "crowd", AuthParams{});
  crowd_.fail_with(503);
  HttpResult r = submit_password(dex_, form, "jane", "jane-pw");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_text(r.body), "Login error. Please contact your administrator or try again later.");
  expect_oauth_error(password_grant_for(dex_, "jane", "jane-pw", "openid"), 400, "invalid_request",
                     "Could not login user");
}

}  // namespace
}  // namespace dexcc::testing
