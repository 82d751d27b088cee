// From a validated assertion to the identity dex stores: NameID, the configured attributes, and
// the groups rules (reference dex-connectors-web-api.md §2.15 "Mapping" and "Groups").
#pragma once

#include "connector/connector.h"
#include "connector/saml/config.h"
#include "connector/saml/response.h"

namespace dexcc::connector::saml {

Result<Identity> map_identity(const Config& config, const Scopes& scopes, const ValidAssertion& assertion);

}  // namespace dexcc::connector::saml
