// The atlassian-crowd connector (dex connector/atlassiancrowd, reference
// dex-connectors-web-api.md §2.13): a username and password checked by opening a Crowd session,
// the user and nested groups read with the application's credentials; refresh re-reads the user
// and opens a session without the password, so a removed or deactivated user cannot refresh.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::crowd {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::crowd
