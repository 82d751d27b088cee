// Templates: dexcc's mustache page templates, built in or overridden from frontend.dir, checked at
// start-up and rendered with dex's template helpers.
//
// Besides its own fields (see pages.h) every page can use, as dex's html/template functions:
//   {{issuer}}                   frontend.issuer, the display name          (dex: {{ issuer }})
//   {{logo}}                     frontend.logoURL, already relative to the page (dex: {{ url .ReqPath logo
//   }})
//   {{#url}}static/main.css{{/url}}  an asset URL relative to the page     (dex: {{ url .ReqPath
//   "static/main.css" }})
//   {{extra.KEY}}                frontend.extra values                      (dex: {{ extra "KEY" }})
//   {{ReqPath}}                  the request path
//   {{> header}}                 any other template, as a partial           (dex: {{ template "header.html" .
//   }})
// An empty string counts as false in a section ({{#BackLink}}...{{/BackLink}}), as in Go templates.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/result.h"

namespace dexcc::web {

// The pages dexcc renders; each needs a template of that name.
inline constexpr std::string_view kPageNames[] = {"login", "password", "approval",       "oob",
                                                  "error", "device",   "device_success", "auto_post"};

struct PageContext {
  std::string_view issuer;
  std::string_view issuer_path;   // the issuer URL's path: "/dex", "" or "/"
  std::string_view request_path;  // raw path of the request the page answers
  std::string_view logo_url;
  const std::map<std::string, std::string>* extra = nullptr;
};

class Templates {
 public:
  // The built-in templates, then each <dir>/templates/<name>.mustache over its namesake (dir may be
  // empty). Throws base::ConfigError for an unreadable folder, bad mustache syntax or a partial
  // that names no template. Go templates (*.html) found there are reported and not used.
  static Templates load(const std::string& dir);

  // Renders template `name` with `view` (a JSON object of strings, booleans and lists).
  base::Result<std::string> render(std::string_view name, const nlohmann::json& view,
                                   const PageContext& ctx) const;

  // The templates read from frontend.dir, by name; empty when every template is built in.
  const std::vector<std::string>& custom() const { return custom_; }

 private:
  void add(std::string name, std::string source, std::string_view origin);
  void check_partials() const;

  std::map<std::string, std::string, std::less<>> sources_;
  std::map<std::string, std::string, std::less<>> origins_;  // for error messages
  std::vector<std::string> custom_;
};

}  // namespace dexcc::web
