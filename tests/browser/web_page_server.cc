// Serves every built-in page with sample data (and the static routes) for the browser check.
// Usage: web_page_server <theme>. Prints "port N" once listening; exits when stdin closes.
#include <iostream>
#include <string>

#include "http/form.h"
#include "net/server.h"
#include "web/frontend.h"

namespace {

using namespace dexcc;

constexpr const char* kIssuerPath = "/dex";

web::LoginPage login_page(bool all_icons) {
  auto c = [](std::string id, std::string name, std::string type) {
    return web::ConnectorInfo{id, std::move(name), std::move(type),
                              std::string(kIssuerPath) + "/auth/" + id + "?client_id=example-app&state=st"};
  };
  if (!all_icons)
    return {{c("local", "Email", "local"), c("github", "GitHub", "github"), c("ldap", "OpenLDAP", "ldap")}};
  return {{c("local", "Email", "local"), c("github", "GitHub", "github"), c("gitlab", "GitLab", "gitlab"),
           c("google", "Google", "google"), c("microsoft", "Microsoft", "microsoft"),
           c("ldap", "OpenLDAP", "ldap"), c("saml", "Okta (SAML)", "saml"), c("oidc", "Keycloak", "oidc"),
           c("bitbucket", "Bitbucket Cloud", "bitbucket-cloud"), c("gitea", "Gitea", "gitea"),
           c("keystone", "OpenStack Keystone", "keystone"), c("crowd", "Atlassian Crowd", "atlassian-crowd"),
           c("linkedin", "LinkedIn", "linkedin"), c("mock", "Example (mock)", "mockCallback"),
           c("oauth", "Generic OAuth", "oauth")}};
}

void mount_pages(http::Router& router, const web::Frontend& f) {
  auto invalid = [](const http::Request& req) {
    return http::parse_query(req.query).values.get("invalid") == "1";
  };
  router.handle("/auth", [&f](const http::Request& req) { return f.login(req, login_page(false)); });
  router.handle("/auth/all", [&f](const http::Request& req) { return f.login(req, login_page(true)); });
  router.handle("/auth/local/login", [&f, invalid](const http::Request& req) {
    bool bad = invalid(req) || req.method == "POST";
    return f.password(req, {"/dex/auth/local/login?" + req.query, "/dex/auth?client_id=example-app",
                            bad ? "jane@example.com" : "", "Email", bad});
  });
  router.handle("/approval", [&f](const http::Request& req) {
    return f.approval(req, {"jane@example.com",
                            "Example App",
                            "req-1",
                            "mac-1",
                            {"openid", "profile", "email", "groups", "offline_access"}});
  });
  router.handle("/oob", [&f](const http::Request& req) { return f.oob(req, {"k2d8nqaf3vy5zrc7gxbq2kcu4"}); });
  router.handle("/device", [&f, invalid](const http::Request& req) {
    return f.device(req, {"/dex/device/auth/verify_code", invalid(req) ? "WDJB-MJHT" : "", invalid(req)});
  });
  router.handle("/device/callback",
                [&f](const http::Request& req) { return f.device_success(req, {"Example CLI"}); });
  router.handle("/error", [&f](const http::Request& req) {
    return f.error_page(req, 401, "Unauthorized request: the approval link has been tampered with.");
  });
  router.handle("/saml", [&f](const http::Request& req) {
    return f.auto_post(
        req, {"/dex/saml/idp", {{"SAMLRequest", "PHNhbWxwOkF1dGhuUmVxdWVzdC8+"}, {"RelayState", "r1"}}});
  });
  router.handle("/saml/idp", [&f](const http::Request& req) {
    return f.error_page(req, 400,
                        "The SAML request arrived: " + std::string(req.form().values.get("RelayState")));
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: web_page_server <theme>\n";
    return 2;
  }
  config::Frontend cfg;
  cfg.theme = argv[1];
  auto frontend = web::Frontend::load(cfg, kIssuerPath);
  http::Router router(kIssuerPath);
  frontend->mount(router);
  mount_pages(router, *frontend);

  net::Server server(net::ServerLimits{});
  uint16_t port = server.listen("web", "127.0.0.1:0", router);
  server.start();
  std::cout << "port " << port << std::endl;
  for (std::string line; std::getline(std::cin, line);) {
  }
  server.shutdown(std::chrono::seconds(2));
  return 0;
}
