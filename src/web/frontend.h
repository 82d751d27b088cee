// web: dexcc's browser pages, dex's login frontend (reference dex-connectors-web-api.md §3).
//
// A Frontend is built once at start-up from config::Frontend and the issuer path, and is immutable
// afterwards: handlers on any thread render pages from it. It holds
//   * the page templates: mustache, built in; <frontend.dir>/templates/<page>.mustache overrides
//     one (dex's Go templates in that folder cannot run here and are reported, not used);
//   * /static and /theme files: built in (light and dark themes), each file overridable by the
//     same name under <frontend.dir>/static and <frontend.dir>/themes/<theme>; read at start-up;
//   * robots.txt, from frontend.dir when present.
// Every page is HTML-escaped, filters unsafe link schemes, and is sent with anti-framing headers.
// This module depends on base, http and config only: it knows nothing of storage or connectors.
//
//   page             status                 template        used by
//   login            200                    login           GET /auth (connector chooser)
//   password         200, 401 when invalid  password        /auth/{id}/login
//   approval         200                    approval        GET /approval
//   oob              200                    oob             redirect_uri urn:ietf:wg:oauth:2.0:oob
//   device           200, 400 when invalid  device          GET /device
//   device_success   200                    device_success  /device/callback
//   error_page       as given               error           every error page
//   auto_post        200                    auto_post       SAML HTTP-POST binding
// A template that fails to render gives dex's plain-text 500 "Internal server error".
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "config/config.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "web/assets.h"
#include "web/pages.h"
#include "web/templates.h"

namespace dexcc::web {

class Frontend {
 public:
  // Reads frontend.dir (if set) and checks every template by rendering it once. `issuer_path` is
  // the issuer URL's path ("/dex", "" or "/"). Throws base::ConfigError with a clear message for a
  // missing or unreadable frontend.dir, bad template syntax or a template that cannot render.
  static std::unique_ptr<const Frontend> load(const config::Frontend& config, std::string issuer_path);

  http::Response login(const http::Request& req, const LoginPage& page) const;
  http::Response password(const http::Request& req, const PasswordPage& page) const;
  http::Response approval(const http::Request& req, const ApprovalPage& page) const;
  http::Response oob(const http::Request& req, const OobPage& page) const;
  http::Response device(const http::Request& req, const DevicePage& page) const;
  http::Response device_success(const http::Request& req, const DeviceSuccessPage& page) const;
  http::Response error_page(const http::Request& req, int status, std::string_view message) const;
  http::Response auto_post(const http::Request& req, const AutoPostPage& page) const;

  // Adds /static/*, /theme/* and /robots.txt, without web.headers or metrics, as dex mounts them.
  // The Frontend must outlive the router.
  void mount(http::Router& router) const;

  const std::string& theme() const { return theme_; }
  const AssetTree& static_files() const { return static_; }
  const AssetTree& theme_files() const { return theme_files_; }
  const Templates& templates() const { return templates_; }

 private:
  Frontend() = default;
  http::Response render(const http::Request& req, std::string_view page, const nlohmann::json& view,
                        int status) const;
  void load_assets(const std::string& dir);
  void check_templates() const;

  std::string issuer_;
  std::string issuer_path_;
  std::string logo_url_;
  std::map<std::string, std::string> extra_;
  std::string theme_;
  Templates templates_;
  std::string csp_;
  AssetTree static_;
  AssetTree theme_files_;
  Asset robots_;
};

}  // namespace dexcc::web
