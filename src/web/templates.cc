// Mustache templates (kainjow): loading with frontend.dir overrides, start-up checks, rendering.
#include "web/templates.h"

#include <fmt/format.h>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "base/json_fields.h"
#include "base/log.h"
#include "web/embedded.h"
#include "web/folder.h"
#include "web/relative_url.h"

namespace dexcc::web {
namespace {

namespace mustache = kainjow::mustache;
using nlohmann::json;

constexpr std::string_view kExtension = ".mustache";

// JSON view -> mustache data. An empty string becomes false so that {{#X}} skips it, as Go's
// {{ if .X }} does; as a variable, false renders as nothing, like the empty string would.
mustache::data to_data(const json& v) {
  switch (v.type()) {
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      return s.empty() ? mustache::data(false) : mustache::data(s);
    }
    case json::value_t::boolean:
      return mustache::data(v.get<bool>());
    case json::value_t::array: {
      mustache::data list(mustache::data::type::list);
      for (const auto& item : v) list.push_back(to_data(item));
      return list;
    }
    case json::value_t::object: {
      mustache::data obj;
      for (const auto& [key, item] : v.items()) obj.set(key, to_data(item));
      return obj;
    }
    case json::value_t::null:
      return mustache::data(false);
    default:
      return mustache::data(v.dump());
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_template_file(std::string_view path) {
  return path.ends_with(kExtension) && path.find('/') == std::string_view::npos;
}

std::string template_name(std::string_view file) {
  return std::string(file.substr(0, file.size() - kExtension.size()));
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

void Templates::add(std::string name, std::string source, std::string_view origin) {
  mustache::mustache parsed(source);
  if (!parsed.is_valid()) {
    throw base::ConfigError(fmt::format("frontend: template {}: {}", origin, parsed.error_message()));
  }
  origins_[name] = std::string(origin);
  sources_[std::move(name)] = std::move(source);
}

// kainjow renders an unknown partial as nothing; a typo there should stop start-up instead.
void Templates::check_partials() const {
  static const std::regex kPartial(R"(\{\{>\s*([^\s}]+)\s*\}\})");
  for (const auto& [name, source] : sources_) {
    for (std::sregex_iterator it(source.begin(), source.end(), kPartial), end; it != end; ++it) {
      std::string partial = (*it)[1].str();
      if (!sources_.contains(partial)) {
        throw base::ConfigError(
            fmt::format("frontend: template {}: no template named \"{}\" for {{{{> {}}}}}", origins_.at(name),
                        partial, partial));
      }
    }
  }
}

Templates Templates::load(const std::string& dir) {
  Templates t;
  for (const auto& file : embedded_files()) {
    if (!file.path.starts_with("templates/")) continue;
    std::string_view base = file.path.substr(std::string_view("templates/").size());
    if (is_template_file(base))
      t.add(template_name(base), std::string(file.data), "(built in) " + std::string(base));
  }

  if (!dir.empty()) {
    std::filesystem::path folder = std::filesystem::path(dir) / "templates";
    if (!std::filesystem::is_directory(folder)) {
      log::warn("frontend: no templates folder in frontend.dir; using the built-in templates",
                {{"dir", dir}});
    } else {
      std::vector<std::string> go_templates;
      for (auto& file : read_folder(folder)) {
        if (is_template_file(file.path)) {
          std::string name = template_name(file.path);
          t.add(name, std::move(file.data), (folder / file.path).string());
          t.custom_.push_back(std::move(name));
        } else if (file.path.ends_with(".html")) {
          go_templates.push_back(file.path);
        }
      }
      if (!go_templates.empty()) {
        log::warn(
            "frontend: templates/ holds Go html/template files, which dexcc cannot run; pages without a "
            "<name>.mustache template there use the built-in one",
            {{"dir", folder.string()}, {"found", join(go_templates)}});
      }
      if (!t.custom_.empty()) {
        log::info("frontend: using custom templates",
                  {{"dir", folder.string()}, {"templates", join(t.custom_)}});
      }
    }
  }
  t.check_partials();
  return t;
}

base::Result<std::string> Templates::render(std::string_view name, const json& view,
                                            const PageContext& ctx) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) return base::fail(fmt::format("no template named {}", name));

  mustache::data data = to_data(view);
  for (const auto& [partial_name, source] : sources_) {
    const std::string* text = &source;
    data.set(partial_name, mustache::partial([text] { return *text; }));
  }
  data.set("issuer", ctx.issuer.empty() ? mustache::data(false) : mustache::data(std::string(ctx.issuer)));
  data.set("ReqPath", std::string(ctx.request_path));
  std::string logo = safe_url(relative_url(ctx.issuer_path, ctx.request_path, ctx.logo_url));
  data.set("logo", logo);
  mustache::data extra;
  if (ctx.extra) {
    for (const auto& [key, value] : *ctx.extra) extra.set(key, value.empty() ? mustache::data(false) : value);
  }
  data.set("extra", extra);
  data.set(
      "url", mustache::lambda2([&ctx](const std::string& asset, const mustache::renderer&) {
        return mustache::html_escape(safe_url(relative_url(ctx.issuer_path, ctx.request_path, trim(asset))));
      }));

  mustache::mustache tmpl(it->second);
  std::string out = tmpl.is_valid() ? tmpl.render(data) : std::string();
  if (!tmpl.is_valid()) {
    return base::fail(fmt::format("template {}: {}", origins_.at(it->first), tmpl.error_message()));
  }
  // kainjow keeps the newlines of standalone comment lines, such as each template's first line.
  out.erase(0, out.find_first_not_of(" \t\r\n"));
  return out;
}

}  // namespace dexcc::web
