// End-to-end: the keystone connector of the real binary against FakeKeystone: the login form, the
// password grant, refresh with the admin account, and refusals (wrong password, user disabled or
// deleted, Keystone down).
#include <gtest/gtest.h>

#include "password_form.h"
#include "support/fake_keystone.h"

namespace dexcc::testing {
namespace {

using namespace flow;

class KeystoneUpstream : public ::testing::Test {
 protected:
  KeystoneUpstream()
      : keystone_({{.id = "admin-id", .name = "admin", .password = "admin-pw"},
                   {.id = "jane-id",
                    .name = "jane",
                    .password = "jane-pw",
                    .email = "jane@example.com",
                    .groups = {"dev", "ops"}}}),
        dex_(password_connector_config(
            "keystone", "ks",
            "    domain: default\n    keystoneHost: " + keystone_.host() +
                "\n    keystoneUsername: admin\n    keystonePassword: admin-pw\n")) {}

  void SetUp() override { ASSERT_TRUE(dex_.started()) << dex_.process().output(); }

  FakeKeystone keystone_;
  DexccInstance dex_;
};

TEST_F(KeystoneUpstream, LoginFormCodeAndRefresh) {
  AuthParams p{.scope = "openid email groups offline_access"};
  PasswordForm form = open_password_form(dex_, "ks", p);
  EXPECT_NE(form.page.body.find("username"), std::string::npos);

  // Keystone's 401 is a login error in dex, not the "invalid password" form.
  HttpResult wrong = submit_password(dex_, form, "jane", "nope");
  EXPECT_EQ(wrong.status, 500);
  EXPECT_EQ(error_text(wrong.body), "Login error. Please contact your administrator or try again later.");

  TokenReply t = redeem_form_login(dex_, form, "jane", "jane-pw");
  ASSERT_EQ(t.status(), 200);
  nlohmann::json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("jane-id", "ks"));
  EXPECT_EQ(id["email"], "jane@example.com");
  EXPECT_EQ(id["email_verified"], true);
  EXPECT_EQ(id["groups"], nlohmann::json({"dev", "ops"}));
  ASSERT_FALSE(t.str("refresh_token").empty());

  size_t before = keystone_.requests().size();
  TokenReply r = refresh(dex_, t.str("refresh_token"), {"app", "app-secret"});
  ASSERT_EQ(r.status(), 200) << r.http.body;
  auto requests = keystone_.requests();
  ASSERT_EQ(requests.size(), before + 3);
  EXPECT_EQ(requests[before].method, "POST");
  EXPECT_EQ(requests[before].target, "/v3/auth/tokens/");
  EXPECT_NE(requests[before].body.find(R"("name":"admin")"), std::string::npos);
  EXPECT_EQ(requests[before + 1].target, "/v3/users/jane-id");
  EXPECT_EQ(requests[before + 2].target, "/v3/users/jane-id/groups");

  // A disabled user cannot refresh, nor can a deleted one.
  keystone_.set_enabled("jane-id", false);
  expect_refresh_refused(dex_, r.str("refresh_token"));
  keystone_.set_enabled("jane-id", true);
  keystone_.remove_user("jane-id");
  expect_refresh_refused(dex_, r.str("refresh_token"));
}

TEST_F(KeystoneUpstream, PasswordGrant) {
  TokenReply t = password_grant_for(dex_, "jane", "jane-pw", "openid groups offline_access");
  ASSERT_EQ(t.status(), 200) << t.http.body;
  nlohmann::json id = claims_of(t.str("id_token"));
  EXPECT_EQ(id["sub"], subject("jane-id", "ks"));
  EXPECT_EQ(id["groups"], nlohmann::json({"dev", "ops"}));
  ASSERT_FALSE(t.str("refresh_token").empty());
  TokenReply r = refresh(dex_, t.str("refresh_token"), {"app", "app-secret"});
  EXPECT_EQ(r.status(), 200) << r.http.body;

  expect_oauth_error(password_grant_for(dex_, "jane", "nope", "openid"), 400, "invalid_request",
                     "Could not login user");
  keystone_.token_success_status(200);
  expect_oauth_error(password_grant_for(dex_, "jane", "jane-pw", "openid"), 401, "access_denied",
                     "Invalid username or password");
}

TEST_F(KeystoneUpstream, KeystoneDown) {
  PasswordForm form = open_password_form(dex_, "ks", AuthParams{});
  keystone_.fail_with(503);
  HttpResult r = submit_password(dex_, form, "jane", "jane-pw");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_text(r.body), "Login error. Please contact your administrator or try again later.");
  expect_oauth_error(password_grant_for(dex_, "jane", "jane-pw", "openid"), 400, "invalid_request",
                     "Could not login user");
}

}  // namespace
}  // namespace dexcc::testing
