// dex's test connectors (reference dex-connectors-web-api.md §2.16): mockCallback logs everyone in
// as Kilgore Trout without a UI; mockPassword checks one configured username and password.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::mock {

// The identity both mock connectors return (mockPassword: without groups, other connector data).
Identity kilgore_trout();

Result<std::unique_ptr<Connector>> open_callback(const OpenContext& context, const nlohmann::json& config);
Result<std::unique_ptr<Connector>> open_password(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::mock
