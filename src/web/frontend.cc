// Frontend: start-up loading (templates, themes, static files, frontend.dir overrides) and pages.
#include "web/frontend.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/json_fields.h"
#include "base/log.h"
#include "web/embedded.h"
#include "web/folder.h"
#include "web/html_response.h"
#include "web/static_files.h"

namespace dexcc::web {
namespace {

namespace fs = std::filesystem;

// dex maps its retired themes to the default one.
std::string theme_name(const std::string& configured) {
  if (configured.empty() || configured == "coreos" || configured == "tectonic") return "light";
  return configured;
}

// A theme name is a single folder name; anything else could reach outside themes/.
bool is_folder_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

// Built-in files under `prefix` ("static/"), keyed by the rest of their path.
void put_embedded(AssetTree& tree, std::string_view prefix) {
  for (const auto& file : embedded_files()) {
    if (file.path.starts_with(prefix))
      tree.put(std::string(file.path.substr(prefix.size())), std::string(file.data));
  }
}

void put_folder(AssetTree& tree, const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return;
  for (auto& file : read_folder(folder)) tree.put(std::move(file.path), std::move(file.data));
}

// Sample data that reaches every branch of the built-in templates, for the start-up check.
struct Sample {
  std::string_view page;
  nlohmann::json view;
};

std::vector<Sample> samples() {
  return {
      {"login", view(LoginPage{{{"local", "Email", "local", "/auth/local"}, {"x", "X", "oidc", "/auth/x"}}})},
      {"password", view(PasswordPage{"/auth/local/login?state=s", "/auth", "jane", "", true})},
      {"approval", view(ApprovalPage{"jane", "App", "req", "mac", {"openid", "email", "groups"}})},
      {"oob", view(OobPage{"code"})},
      {"device", view(DevicePage{"/device/auth/verify_code", "ABCD-EFGH", true})},
      {"device_success", view(DeviceSuccessPage{"App"})},
      {"error", view(ErrorPage{500, "message"})},
      {"auto_post",
       view(AutoPostPage{"https://idp.example/sso", {{"SAMLRequest", "x"}, {"RelayState", "y"}}})},
  };
}

}  // namespace

std::unique_ptr<const Frontend> Frontend::load(const config::Frontend& config, std::string issuer_path) {
  std::unique_ptr<Frontend> f(new Frontend());
  f->issuer_ = config.issuer.empty() ? "dex" : config.issuer;
  f->issuer_path_ = std::move(issuer_path);
  f->logo_url_ = config.logo_url.empty() ? "theme/logo.png" : config.logo_url;
  f->extra_ = config.extra;
  f->theme_ = theme_name(config.theme);

  if (!config.dir.empty()) {
    std::error_code ec;
    if (!fs::is_directory(config.dir, ec)) {
      throw base::ConfigError(fmt::format("frontend: dir \"{}\" is not a readable folder", config.dir));
    }
  }
  f->templates_ = Templates::load(config.dir);
  f->csp_ = std::string(f->templates_.custom().empty() ? kBuiltInCsp : kCustomCsp);
  f->load_assets(config.dir);
  f->check_templates();
  return f;
}

void Frontend::load_assets(const std::string& dir) {
  put_embedded(static_, "static/");
  if (!dir.empty()) put_folder(static_, fs::path(dir) / "static");

  if (is_folder_name(theme_)) {
    put_embedded(theme_files_, "themes/" + theme_ + "/");
    if (!dir.empty()) put_folder(theme_files_, fs::path(dir) / "themes" / theme_);
  }
  if (theme_files_.empty()) {
    // As in dex, an unknown theme is no start-up error; its files just answer 404.
    log::warn("frontend: theme not found; /theme files will answer 404", {{"theme", theme_}});
  }

  std::optional<std::string> robots = dir.empty() ? std::nullopt : read_folder_file(dir, "robots.txt");
  if (!robots) {
    for (const auto& file : embedded_files()) {
      if (file.path == "robots.txt") robots = std::string(file.data);
    }
  }
  AssetTree one;
  one.put("robots.txt", robots.value_or(""));
  robots_ = *one.find("robots.txt");
}

// Renders every page once, so a template that cannot render stops start-up rather than a login.
void Frontend::check_templates() const {
  std::string path = http::path_join(issuer_path_.empty() ? "/" : issuer_path_, "auth");
  PageContext ctx{issuer_, issuer_path_, path, logo_url_, &extra_};
  for (const auto& [page, data] : samples()) {
    auto out = templates_.render(page, data, ctx);
    if (!out) throw base::ConfigError("frontend: " + out.error().message);
  }
}

http::Response Frontend::render(const http::Request& req, std::string_view page, const nlohmann::json& view,
                                int status) const {
  PageContext ctx{issuer_, issuer_path_, req.path, logo_url_, &extra_};
  auto out = templates_.render(page, view, ctx);
  if (!out) {
    log::error("server template error", {{"err", out.error().message}, {"request_id", req.request_id}});
    return internal_error();
  }
  return html_page(status, std::move(*out), csp_);
}

http::Response Frontend::login(const http::Request& req, const LoginPage& page) const {
  return render(req, "login", view(page), 200);
}

http::Response Frontend::password(const http::Request& req, const PasswordPage& page) const {
  return render(req, "password", view(page), page.invalid ? 401 : 200);
}

http::Response Frontend::approval(const http::Request& req, const ApprovalPage& page) const {
  return render(req, "approval", view(page), 200);
}

http::Response Frontend::oob(const http::Request& req, const OobPage& page) const {
  return render(req, "oob", view(page), 200);
}

http::Response Frontend::device(const http::Request& req, const DevicePage& page) const {
  return render(req, "device", view(page), page.invalid ? 400 : 200);
}

http::Response Frontend::device_success(const http::Request& req, const DeviceSuccessPage& page) const {
  return render(req, "device_success", view(page), 200);
}

http::Response Frontend::error_page(const http::Request& req, int status, std::string_view message) const {
  return render(req, "error", view(ErrorPage{status, std::string(message)}), status);
}

http::Response Frontend::auto_post(const http::Request& req, const AutoPostPage& page) const {
  return render(req, "auto_post", view(page), 200);
}

void Frontend::mount(http::Router& router) const {
  http::RouteOptions files{.web_headers = false, .instrument = false, .runs_inline = true};
  router.handle_prefix(
      "/static", [this](const http::Request& req) { return serve_from(static_, req); }, files);
  router.handle_prefix(
      "/theme", [this](const http::Request& req) { return serve_from(theme_files_, req); }, files);
  router.handle("/robots.txt", [this](const http::Request& req) { return serve_asset(robots_, req); },
                {.runs_inline = true});
}

}  // namespace dexcc::web
