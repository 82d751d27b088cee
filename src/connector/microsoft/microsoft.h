// The microsoft connector (dex connector/microsoft, reference dex-connectors-web-api.md §2.7):
// logs people in through the Microsoft identity platform's v2.0 endpoints of a tenant, reads the
// user and (in organisation tenants) their groups from Microsoft Graph, and refreshes with the
// stored token. The one connector whose group refusal dex answers with 403.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::microsoft {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::microsoft
