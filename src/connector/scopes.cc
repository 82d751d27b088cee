// The connector's view of a request's scopes.
#include "oauth2/scopes.h"
#include "connector/connector.h"

namespace dexcc::connector {

Scopes scopes_from(const std::vector<std::string>& requested) {
  return Scopes{.offline_access = oauth2::has_scope(requested, oauth2::kScopeOfflineAccess),
                .groups = oauth2::has_scope(requested, oauth2::kScopeGroups)};
}

}  // namespace dexcc::connector
