// The generic oauth connector (dex connector/oauth, reference dex-connectors-web-api.md §2.5):
// the authorization code flow against any OAuth2 provider, the user read from its userinfo URL.
// It has no refresh, so dex issues no refresh tokens through it.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::oauth {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::oauth
