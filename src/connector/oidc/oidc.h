// The oidc connector (dex connector/oidc, reference dex-connectors-web-api.md §2.4): logs people
// in through an upstream OpenID Connect provider with the authorization code flow, refreshes
// through it, and takes its tokens in token exchange. Discovery runs at open: a provider that
// cannot be reached fails the open, and the manager retries on the next request that needs it.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::oidc {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::oidc
