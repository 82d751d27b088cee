// The local password database connector (`enablePasswordDB`, id "local"; reference
// dex-connectors-web-api.md §2.17): users from staticPasswords and the API's stored passwords.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::local {

// bcrypt costs dex accepts for local passwords; outside this window login is an error.
constexpr int kMinCost = 10;
constexpr int kMaxCost = 16;

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::local
