// The built-in connector table and config decoding at open time.
#include "connector/registry.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "connector/ldap/ldap.h"
#include "connector/local/local.h"
#include "connector/mock/mock.h"
#include "connector/oauth/oauth.h"
#include "connector/oidc/oidc.h"

namespace dexcc::connector {

const Registry& Registry::builtin() {
  static const Registry kBuiltin({
      {"mockCallback", &mock::open_callback},
      {"mockPassword", &mock::open_password},
      {"local", &local::open},
      {"oidc", &oidc::open},
      {"oauth", &oauth::open},
      {"ldap", &ldap::open},
  });
  return kBuiltin;
}

Result<std::unique_ptr<Connector>> Registry::open(std::string_view type, const std::string& config,
                                                  const OpenContext& context) const {
  for (const auto& t : types_) {
    if (t.type != type) continue;
    nlohmann::json json = nlohmann::json::object();
    if (!config.empty()) {
      json = nlohmann::json::parse(config, nullptr, false);
      if (json.is_discarded()) return failed(fmt::format("connector {}: config is not valid JSON", context.id));
    }
    try {
      return t.open(context, json);
    } catch (const base::ConfigError& e) {
      return failed(fmt::format("connector {}: {}", context.id, e.what()));
    }
  }
  static const char* const kDexTypes[] = {"keystone", "ldap",     "gitea",     "github",          "gitlab",
                                          "google",   "oidc",     "oauth",     "saml",            "samlExperimental",
                                          "authproxy", "linkedin", "microsoft", "bitbucket-cloud", "openshift",
                                          "atlassian-crowd"};
  for (const char* known : kDexTypes) {
    if (type == known) return failed(fmt::format("connector type \"{}\" is not supported yet by dexcc", type));
  }
  return failed(fmt::format("unknown connector type \"{}\"", type));
}

}  // namespace dexcc::connector
