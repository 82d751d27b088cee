// frontend.dir overrides (static, theme, robots.txt, templates), theme selection and start-up errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/json_fields.h"
#include "support/temp_dir.h"
#include "web/frontend.h"
#include "web/html_response.h"

namespace dexcc::web {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

class FrontendDirTest : public ::testing::Test {
 protected:
  std::unique_ptr<const Frontend> load(std::string theme = "light") {
    config::Frontend cfg;
    cfg.dir = dir_.path().string();
    cfg.theme = std::move(theme);
    cfg.extra = {{"motd", "Welcome <b>back</b>"}};
    return Frontend::load(cfg, "/dex");
  }

  static http::Response fetch(const Frontend& f, std::string path) {
    http::Router router("/dex");
    f.mount(router);
    http::Request req;
    req.method = "GET";
    req.path = std::move(path);
    return router.serve(router.match(req), req);
  }

  static http::Request page(std::string path) {
    http::Request req;
    req.method = "GET";
    req.path = std::move(path);
    return req;
  }

  std::string expect_config_error() {
    try {
      load();
    } catch (const base::ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no ConfigError";
    return "";
  }

  dexcc::testing::TempDir dir_;
};

TEST_F(FrontendDirTest, EmptyFolderFallsBackToBuiltIns) {
  auto f = load();
  EXPECT_EQ(fetch(*f, "/dex/static/main.css").status, 200);
  EXPECT_EQ(fetch(*f, "/dex/theme/logo.png").status, 200);
  EXPECT_EQ(fetch(*f, "/dex/robots.txt").body, "User-agent: *\nDisallow: /\n");
  EXPECT_THAT(f->login(page("/dex/auth"), {}).body, HasSubstr("Log in to dex"));
  EXPECT_TRUE(f->templates().custom().empty());
}

TEST_F(FrontendDirTest, StaticThemeAndRobotsFilesOverrideTheirNamesakes) {
  write(dir_ / "static/main.css", "body { color: red }");
  write(dir_ / "static/img/corp-icon.svg", "<svg/>");
  write(dir_ / "themes/light/logo.png", "not really a png");
  write(dir_ / "robots.txt", "User-agent: *\nAllow: /\n");
  auto f = load();
  EXPECT_EQ(fetch(*f, "/dex/static/main.css").body, "body { color: red }");
  EXPECT_EQ(fetch(*f, "/dex/static/img/corp-icon.svg").status, 200);
  EXPECT_EQ(fetch(*f, "/dex/theme/logo.png").body, "not really a png");
  EXPECT_EQ(fetch(*f, "/dex/robots.txt").body, "User-agent: *\nAllow: /\n");
  // Files the folder does not have still come from the built-in set.
  EXPECT_EQ(fetch(*f, "/dex/static/main.js").status, 200);
  EXPECT_EQ(fetch(*f, "/dex/static/img/github-icon.svg").status, 200);
  EXPECT_EQ(fetch(*f, "/dex/theme/styles.css").status, 200);
}

TEST_F(FrontendDirTest, ThemeSelection) {
  auto dark = load("dark");
  EXPECT_EQ(dark->theme(), "dark");
  EXPECT_THAT(fetch(*dark, "/dex/theme/styles.css").body, HasSubstr("dark theme"));
  EXPECT_THAT(fetch(*load("light"), "/dex/theme/styles.css").body, HasSubstr("light theme"));
  for (const char* legacy : {"coreos", "tectonic", ""}) {
    auto f = load(legacy);
    EXPECT_EQ(f->theme(), "light") << legacy;
    EXPECT_THAT(fetch(*f, "/dex/theme/styles.css").body, HasSubstr("light theme")) << legacy;
  }
  // An unknown theme is no start-up error; its files answer 404, as in dex.
  auto unknown = load("nope");
  EXPECT_EQ(fetch(*unknown, "/dex/theme/styles.css").status, 404);
  EXPECT_EQ(fetch(*unknown, "/dex/static/main.css").status, 200);
  // A theme name cannot reach outside themes/.
  write(dir_ / "secret/styles.css", "secret");
  EXPECT_EQ(fetch(*load("../secret"), "/dex/theme/styles.css").status, 404);
  EXPECT_EQ(fetch(*load(".."), "/dex/theme/styles.css").status, 404);
  // A theme of the operator's own.
  write(dir_ / "themes/corp/styles.css", "corp");
  EXPECT_EQ(fetch(*load("corp"), "/dex/theme/styles.css").body, "corp");
}

TEST_F(FrontendDirTest, NeverServesWhatLeadsOutsideTheFolder) {
  dexcc::testing::TempDir outside;
  write(outside / "secret.txt", "secret");
  write(dir_ / "static/.hidden.css", "hidden");
  fs::create_directories(dir_ / "static");
  fs::create_symlink(outside / "secret.txt", dir_ / "static/leak.txt");
  fs::create_directory_symlink(outside.path(), dir_ / "static/leakdir");
  write(dir_ / "static/real.txt", "fine");
  fs::create_symlink(dir_ / "static/real.txt", dir_ / "static/alias.txt");
  auto f = load();
  EXPECT_EQ(fetch(*f, "/dex/static/leak.txt").status, 404);
  EXPECT_EQ(fetch(*f, "/dex/static/leakdir/secret.txt").status, 404);
  EXPECT_EQ(fetch(*f, "/dex/static/.hidden.css").status, 404);
  EXPECT_EQ(fetch(*f, "/dex/static/real.txt").body, "fine");
  EXPECT_EQ(fetch(*f, "/dex/static/alias.txt").body, "fine");
}

TEST_F(FrontendDirTest, FilesAreReadAtStartUp) {
  write(dir_ / "static/late.css", "v1");
  auto f = load();
  write(dir_ / "static/late.css", "v2");
  fs::remove_all(dir_.path() / "static");
  EXPECT_EQ(fetch(*f, "/dex/static/late.css").body, "v1");
}

TEST_F(FrontendDirTest, MustacheTemplatesReplaceTheirNamesakes) {
  write(dir_ / "templates/login.mustache",
        "{{> header}}<h1 id=\"custom\">{{issuer}} says {{extra.motd}}</h1>"
        "{{#Connectors}}<a href=\"{{URL}}\">{{Name}}</a>{{/Connectors}}"
        "<link href=\"{{#url}}static/main.css{{/url}}\">{{> footer}}");
  auto f = load();
  EXPECT_EQ(f->templates().custom(), std::vector<std::string>{"login"});
  http::Response r = f->login(page("/dex/auth/x"), {{{"gh", "GitHub", "github", "/dex/auth/gh"}}});
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr(R"(<h1 id="custom">dex says Welcome &lt;b&gt;back&lt;/b&gt;</h1>)"));
  EXPECT_THAT(r.body, HasSubstr(R"(<a href="/dex/auth/gh">GitHub</a>)"));
  EXPECT_THAT(r.body, HasSubstr(R"(<link href="../static/main.css">)"));
  EXPECT_THAT(r.body, HasSubstr("theme-navbar"));  // the built-in header partial
  // Custom templates may load what they like, but still may not be framed.
  EXPECT_EQ(r.headers.get("Content-Security-Policy"), kCustomCsp);
  EXPECT_EQ(r.headers.get("X-Frame-Options"), "DENY");
  // Pages without a custom template keep the built-in one.
  EXPECT_THAT(f->error_page(page("/dex/auth"), 400, "x").body, HasSubstr("dex-error-box"));
}

TEST_F(FrontendDirTest, CustomPartialsAreShared) {
  write(dir_ / "templates/header.mustache", "<header id=\"corp\">{{issuer}}</header>");
  write(dir_ / "templates/footer.mustache", "<footer id=\"corp-footer\"></footer>");
  auto f = load();
  http::Response r = f->device_success(page("/dex/device/callback"), {"CLI"});
  EXPECT_THAT(r.body, HasSubstr(R"(<header id="corp">dex</header>)"));
  EXPECT_THAT(r.body, HasSubstr("Login Successful for CLI"));
  EXPECT_THAT(r.body, HasSubstr("corp-footer"));
}

TEST_F(FrontendDirTest, DexGoTemplatesAreNotUsed) {
  for (const char* name :
       {"approval", "login", "password", "oob", "error", "device", "device_success", "header", "footer"}) {
    write(dir_ / "templates" / (std::string(name) + ".html"), "{{ template \"header.html\" . }}{{ .Broken");
  }
  auto f = load();
  EXPECT_TRUE(f->templates().custom().empty());
  http::Response r = f->login(page("/dex/auth"), {{{"gh", "GitHub", "github", "/x"}}});
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("Log in with GitHub"));
  EXPECT_EQ(r.headers.get("Content-Security-Policy"), kBuiltInCsp);
}

TEST_F(FrontendDirTest, BadSyntaxStopsStartUp) {
  write(dir_ / "templates/login.mustache", "{{#Connectors}}never closed");
  std::string err = expect_config_error();
  EXPECT_THAT(err, HasSubstr("login.mustache"));
  EXPECT_THAT(err, HasSubstr("frontend"));
}

TEST_F(FrontendDirTest, UnknownPartialStopsStartUp) {
  write(dir_ / "templates/oob.mustache", "{{> headr}}{{Code}}");
  std::string err = expect_config_error();
  EXPECT_THAT(err, HasSubstr("oob.mustache"));
  EXPECT_THAT(err, HasSubstr("headr"));
}

TEST_F(FrontendDirTest, TemplateThatCannotRenderStopsStartUp) {
  // A section lambda used as a plain variable only fails when rendered.
  write(dir_ / "templates/error.mustache", "{{url}}");
  EXPECT_THAT(expect_config_error(), HasSubstr("error.mustache"));
}

TEST_F(FrontendDirTest, MissingFolderStopsStartUp) {
  config::Frontend cfg;
  cfg.dir = (dir_ / "nope").string();
  EXPECT_THROW(Frontend::load(cfg, "/dex"), base::ConfigError);
}

}  // namespace
}  // namespace dexcc::web
