// Every built-in page rendered with its data: content, status, headers, asset URLs and escaping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <thread>

#include "web/frontend.h"
#include "web/html_response.h"

namespace dexcc::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

http::Request get(std::string path) {
  http::Request req;
  req.method = "GET";
  req.path = std::move(path);
  return req;
}

class PagesTest : public ::testing::Test {
 protected:
  std::unique_ptr<const Frontend> load(config::Frontend cfg = {}, std::string issuer_path = "/dex") {
    return Frontend::load(cfg, std::move(issuer_path));
  }
  std::unique_ptr<const Frontend> frontend_ = load();
};

void expect_page_headers(const http::Response& r) {
  EXPECT_EQ(r.headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.headers.get("X-Frame-Options"), "DENY");
  EXPECT_THAT(std::string(r.headers.get("Content-Security-Policy")), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(r.headers.get("X-Content-Type-Options"), "nosniff");
}

TEST_F(PagesTest, LoginListsConnectorsSortedByName) {
  LoginPage page{{{"ldap", "LDAP", "ldap", "/dex/auth/ldap?client_id=a"},
                  {"gh", "GitHub", "github", "/dex/auth/gh?client_id=a"},
                  {"local", "Email", "local", "/dex/auth/local?client_id=a"},
                  {"low", "acme", "oidc", "/dex/auth/low?client_id=a"}}};
  http::Response r = frontend_->login(get("/dex/auth"), page);
  EXPECT_EQ(r.status, 200);
  expect_page_headers(r);
  EXPECT_TRUE(r.body.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_THAT(r.body, HasSubstr("<title>dex</title>"));
  EXPECT_THAT(r.body, HasSubstr("Log in to dex"));
  EXPECT_THAT(r.body, HasSubstr(R"(href="/dex/auth/gh?client_id=a")"));
  EXPECT_THAT(r.body, HasSubstr("dex-btn-icon--github"));
  EXPECT_THAT(r.body, HasSubstr("Log in with GitHub"));
  // Go's byte order, as v2.45.1 sorts: upper case before lower case.
  size_t email = r.body.find("Log in with Email"), github = r.body.find("Log in with GitHub"),
         ldap = r.body.find("Log in with LDAP"), acme = r.body.find("Log in with acme");
  ASSERT_NE(acme, std::string::npos);
  EXPECT_LT(email, github);
  EXPECT_LT(github, ldap);
  EXPECT_LT(ldap, acme);
}

TEST_F(PagesTest, HeaderLinksAssetsRelativeToThePage) {
  http::Response r = frontend_->login(get("/dex/auth"), {});
  EXPECT_THAT(r.body, HasSubstr(R"(href="static/main.css")"));
  EXPECT_THAT(r.body, HasSubstr(R"(href="theme/styles.css")"));
  EXPECT_THAT(r.body, HasSubstr(R"(href="theme/favicon.png")"));
  EXPECT_THAT(r.body, HasSubstr(R"(src="static/main.js")"));
  EXPECT_THAT(r.body, HasSubstr(R"(src="theme/logo.png")"));

  r = frontend_->password(get("/dex/auth/local/login"), {});
  EXPECT_THAT(r.body, HasSubstr(R"(href="../../static/main.css")"));
  EXPECT_THAT(r.body, HasSubstr(R"(src="../../theme/logo.png")"));

  auto root = load({}, "");
  r = root->error_page(get("/approval"), 400, "x");
  EXPECT_THAT(r.body, HasSubstr(R"(href="static/main.css")"));
}

TEST_F(PagesTest, LogoUrlFromConfig) {
  config::Frontend cfg;
  cfg.logo_url = "https://cdn.example.com/logo.svg";
  EXPECT_THAT(load(cfg)->login(get("/dex/auth/x/login"), {}).body,
              HasSubstr(R"(src="https://cdn.example.com/logo.svg")"));
  cfg.logo_url = "static/img/custom.png";
  EXPECT_THAT(load(cfg)->login(get("/dex/auth/x/login"), {}).body,
              HasSubstr(R"(src="../../static/img/custom.png")"));
  cfg.logo_url = "javascript:alert(1)";
  EXPECT_THAT(load(cfg)->login(get("/dex/auth"), {}).body, HasSubstr(R"(src="#")"));
}

TEST_F(PagesTest, IssuerDisplayName) {
  config::Frontend cfg;
  cfg.issuer = "Example Corp";
  http::Response r = load(cfg)->login(get("/dex/auth"), {});
  EXPECT_THAT(r.body, HasSubstr("<title>Example Corp</title>"));
  EXPECT_THAT(r.body, HasSubstr("Log in to Example Corp"));
}

TEST_F(PagesTest, PasswordForm) {
  PasswordPage page{"/dex/auth/local/login?back=%2Fdex%2Fauth&state=abc", "/dex/auth?client_id=a", "",
                    "Email", false};
  http::Response r = frontend_->password(get("/dex/auth/local/login"), page);
  EXPECT_EQ(r.status, 200);
  expect_page_headers(r);
  EXPECT_THAT(r.body, HasSubstr(R"(action="/dex/auth/local/login?back=%2Fdex%2Fauth&amp;state=abc")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="login")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="password")"));
  EXPECT_THAT(r.body, HasSubstr(R"(id="submit-login")"));
  EXPECT_THAT(r.body, HasSubstr(R"(<label for="login">Email</label>)"));
  EXPECT_THAT(r.body, HasSubstr(R"(href="/dex/auth?client_id=a")"));
  EXPECT_THAT(r.body, HasSubstr("Select another login method."));
  EXPECT_THAT(r.body, Not(HasSubstr("login-error")));
  EXPECT_THAT(r.body, HasSubstr(R"(value="" autofocus)"));

  page.invalid = true;
  page.username = "jane@example.com";
  page.back_link.clear();
  r = frontend_->password(get("/dex/auth/local/login"), page);
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.body, HasSubstr("Invalid Email and password."));
  EXPECT_THAT(r.body, HasSubstr(R"(value="jane@example.com")"));
  EXPECT_THAT(r.body, Not(HasSubstr("Select another login method.")));

  page.username_prompt.clear();
  EXPECT_THAT(frontend_->password(get("/dex/auth/local/login"), page).body,
              HasSubstr("Invalid Username and password."));
}

TEST_F(PagesTest, ApprovalListsDescribedScopesAndPostsBack) {
  ApprovalPage page{
      "jane",
      "Example App",
      "req-123",
      "mac-456",
      {"openid", "profile", "email", "groups", "offline_access", "audience:server:client_id:x"}};
  http::Response r = frontend_->approval(get("/dex/approval"), page);
  EXPECT_EQ(r.status, 200);
  expect_page_headers(r);
  EXPECT_THAT(r.body, HasSubstr("Example App"));
  std::vector<std::string> want = {"Have offline access", "View basic profile information",
                                   "View your email address", "View your groups"};
  size_t last = 0;
  for (const auto& d : want) {
    size_t at = r.body.find(d);
    ASSERT_NE(at, std::string::npos) << d;
    EXPECT_GT(at, last) << d;
    last = at;
  }
  EXPECT_THAT(r.body, Not(HasSubstr("openid")));
  EXPECT_THAT(r.body, Not(HasSubstr("audience")));
  // Two forms without an action post to this page's URL, which carries req and hmac.
  EXPECT_EQ(std::regex_search(r.body, std::regex("<form[^>]*action")), false);
  EXPECT_THAT(r.body, HasSubstr(R"(name="req" value="req-123")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="hmac" value="mac-456")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="approval" value="approve")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="approval" value="rejected")"));
  EXPECT_THAT(r.body, HasSubstr("Grant Access"));
  EXPECT_THAT(r.body, HasSubstr("Cancel"));
}

TEST_F(PagesTest, ScopeDescriptions) {
  EXPECT_EQ(scope_descriptions({"openid", "email", "offline_access"}),
            (std::vector<std::string>{"Have offline access", "View your email address"}));
  EXPECT_TRUE(scope_descriptions({"openid", "federated:id"}).empty());
}

TEST_F(PagesTest, OobShowsTheCode) {
  http::Response r = frontend_->oob(get("/dex/approval"), {"abcdef123"});
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr(R"(value="abcdef123")"));
  EXPECT_THAT(r.body, HasSubstr("Login Successful"));
}

TEST_F(PagesTest, DeviceForm) {
  http::Response r = frontend_->device(get("/dex/device"), {"/dex/device/auth/verify_code", "", false});
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr(R"(action="/dex/device/auth/verify_code")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="user_code")"));
  EXPECT_THAT(r.body, HasSubstr(R"(placeholder="XXXX-XXXX")"));
  EXPECT_THAT(r.body, Not(HasSubstr("Invalid or Expired User Code")));
  r = frontend_->device(get("/dex/device"), {"/dex/device/auth/verify_code", "WXYZ-ABCD", true});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("Invalid or Expired User Code"));
  EXPECT_THAT(r.body, HasSubstr(R"(value="WXYZ-ABCD")"));
}

TEST_F(PagesTest, DeviceSuccess) {
  http::Response r = frontend_->device_success(get("/dex/device/callback"), {"Example CLI"});
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("Login Successful for Example CLI"));
}

TEST_F(PagesTest, ErrorPageCarriesStatusAndText) {
  http::Response r = frontend_->error_page(get("/dex/auth"), 401, "Unauthorized request");
  EXPECT_EQ(r.status, 401);
  expect_page_headers(r);
  EXPECT_THAT(r.body, HasSubstr(">Unauthorized<"));
  EXPECT_THAT(r.body, HasSubstr("Unauthorized request"));
  r = frontend_->error_page(get("/dex/auth"), 500, "Database error.");
  EXPECT_EQ(r.status, 500);
  EXPECT_THAT(r.body, HasSubstr("Internal Server Error"));
}

TEST_F(PagesTest, AutoPostForm) {
  http::Response r = frontend_->auto_post(
      get("/dex/auth/saml"),
      {"https://idp.example/sso?x=1&y=2", {{"SAMLRequest", "PHNhbWw+"}, {"RelayState", "r1"}}});
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr(R"(action="https://idp.example/sso?x=1&amp;y=2")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="SAMLRequest" value="PHNhbWw+")"));
  EXPECT_THAT(r.body, HasSubstr(R"(name="RelayState" value="r1")"));
  EXPECT_THAT(r.body, HasSubstr("data-auto-submit"));
}

TEST_F(PagesTest, BuiltInPagesHaveNoInlineScript) {
  http::Response r = frontend_->password(get("/dex/auth/local/login"), {});
  EXPECT_EQ(std::regex_search(r.body, std::regex("<script(?![^>]*src=)")), false);
  EXPECT_EQ(r.headers.get("Content-Security-Policy"), kBuiltInCsp);
}

// A value that breaks out of text, double- and single-quoted attributes if left unescaped.
constexpr const char* kHostile = R"(<script>alert(1)</script>"'&x)";
constexpr const char* kEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;&amp;x";

void expect_escaped(const http::Response& r, const std::string& where, bool shown = true) {
  EXPECT_EQ(r.status < 500, true) << where;
  EXPECT_THAT(r.body, Not(HasSubstr("<script>alert"))) << where;
  EXPECT_THAT(r.body, Not(HasSubstr(R"(")'&x)"))) << where;
  if (shown) {
    EXPECT_THAT(r.body, HasSubstr(kEscaped)) << where;
  }
}

TEST_F(PagesTest, EveryFieldIsEscaped) {
  config::Frontend cfg;
  cfg.issuer = kHostile;
  auto f = load(cfg);
  http::Request req = get(std::string("/dex/auth/") + kHostile);
  expect_escaped(f->login(req, {}), "issuer");
  expect_escaped(frontend_->login(req, {}), "request path in asset URLs", false);

  const std::string h = kHostile;
  expect_escaped(frontend_->login(req, {{{h, h, "local", "/a"}}}), "connector name");
  expect_escaped(frontend_->login(req, {{{"id", "n", h, "/a"}}}), "connector type");
  expect_escaped(frontend_->login(req, {{{"id", "n", "local", "/a" + h}}}), "connector url");
  expect_escaped(frontend_->password(req, {"/p" + h, "", "", "", false}), "post url");
  expect_escaped(frontend_->password(req, {"/p", "/b" + h, "", "", false}), "back link");
  expect_escaped(frontend_->password(req, {"/p", "", h, "", false}), "username");
  expect_escaped(frontend_->password(req, {"/p", "", "", h, true}), "username prompt");
  expect_escaped(frontend_->approval(req, {h, "c", "r", "m", {}}), "approval user");
  expect_escaped(frontend_->approval(req, {"u", h, "r", "m", {}}), "approval client");
  expect_escaped(frontend_->approval(req, {"u", "c", h, "m", {}}), "approval req");
  expect_escaped(frontend_->approval(req, {"u", "c", "r", h, {}}), "approval hmac");
  expect_escaped(frontend_->oob(req, {h}), "oob code");
  expect_escaped(frontend_->device(req, {"/d" + h, "", false}), "device post url");
  expect_escaped(frontend_->device(req, {"/d", h, false}), "device user code");
  expect_escaped(frontend_->device_success(req, {h}), "device client name");
  expect_escaped(frontend_->error_page(req, 400, h), "error message");
  expect_escaped(frontend_->auto_post(req, {"/s" + h, {{h, "v"}}}), "auto post field name");
  expect_escaped(frontend_->auto_post(req, {"/s", {{"n", h}}}), "auto post field value");
  expect_escaped(frontend_->auto_post(req, {"/s" + h, {}}), "auto post action");
}

TEST_F(PagesTest, ScriptUrlsAreNeutralised) {
  http::Request req = get("/dex/auth");
  for (const char* evil : {"javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x"}) {
    std::string e = evil;
    std::vector<http::Response> pages = {
        frontend_->login(req, {{{"id", "n", "local", e}}}),
        frontend_->password(req, {e, e, "", "", false}),
        frontend_->device(req, {e, "", false}),
        frontend_->auto_post(req, {e, {}}),
    };
    for (const auto& r : pages) {
      EXPECT_THAT(r.body, Not(HasSubstr("script:"))) << evil;
      EXPECT_THAT(r.body, Not(HasSubstr("data:text"))) << evil;
      EXPECT_THAT(r.body, Not(HasSubstr("vbscript"))) << evil;
    }
  }
}

TEST_F(PagesTest, RendersFromManyThreads) {
  LoginPage page{
      {{"gh", "GitHub", "github", "/dex/auth/gh"}, {"local", "Email", "local", "/dex/auth/local"}}};
  const std::string want = frontend_->login(get("/dex/auth"), page).body;
  std::atomic<int> mismatches = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (frontend_->login(get("/dex/auth"), page).body != want) ++mismatches;
        frontend_->error_page(get("/dex/x"), 400, "x");
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches, 0);
}

TEST(HtmlResponse, InternalErrorIsPlainText) {
  http::Response r = internal_error();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "Internal server error\n");
  EXPECT_EQ(r.headers.get("Content-Type"), "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace dexcc::web
