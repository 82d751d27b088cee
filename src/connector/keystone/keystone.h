// The keystone connector (dex connector/keystone, reference dex-connectors-web-api.md §2.12): a
// username and password checked by OpenStack Keystone v3 (password token creation), the user's
// email and groups read with that token; refresh re-checks the user with the admin account.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::keystone {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::keystone
