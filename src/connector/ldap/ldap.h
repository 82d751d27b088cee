// The ldap connector (dex connector/ldap, reference dex-connectors-web-api.md §2.1): checks a
// username and password against a directory (search as the service account or anonymously, then
// bind as the user found), reads the user's groups, and refreshes by searching the user again.
// Each login or refresh opens its own connections, bounded by the configured timeouts; nothing
// connects at open.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::ldap {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::ldap
