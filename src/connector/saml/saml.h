// The saml connector (dex connector/saml, reference dex-connectors-web-api.md §2.15): SP-initiated
// SAML 2.0 login with the HTTP-POST binding both ways. No refresh, as in dex v2.45.1.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::saml {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::saml
