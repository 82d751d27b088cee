// The built-in connector table and config decoding at open time.
#include "connector/registry.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "connector/authproxy/authproxy.h"
#include "connector/bitbucket/bitbucket.h"
#include "connector/crowd/crowd.h"
#include "connector/gitea/gitea.h"
#include "connector/github/github.h"
#include "connector/gitlab/gitlab.h"
#include "connector/google/google.h"
#include "connector/keystone/keystone.h"
#include "connector/ldap/ldap.h"
#include "connector/linkedin/linkedin.h"
#include "connector/local/local.h"
#include "connector/microsoft/microsoft.h"
#include "connector/mock/mock.h"
#include "connector/oauth/oauth.h"
#include "connector/oidc/oidc.h"
#include "connector/openshift/openshift.h"
#include "connector/saml/saml.h"

namespace dexcc::connector {

const Registry& Registry::builtin() {
  static const Registry kBuiltin({
      {"mockCallback", &mock::open_callback},
      {"mockPassword", &mock::open_password},
      {"local", &local::open},
      {"oidc", &oidc::open},
      {"oauth", &oauth::open},
      {"authproxy", &authproxy::open},
      {"keystone", &keystone::open},
      {"atlassian-crowd", &crowd::open},
      {"saml", &saml::open},
      {"samlExperimental", &saml::open},
      {"google", &google::open},
      {"microsoft", &microsoft::open},
      {"openshift", &openshift::open},
      {"linkedin", &linkedin::open},
      {"github", &github::open},
      {"gitlab", &gitlab::open},
      {"gitea", &gitea::open},
      {"bitbucket-cloud", &bitbucket::open},
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
  return failed(fmt::format("unknown connector type \"{}\"", type));
}

}  // namespace dexcc::connector
