// The linkedin connector (dex connector/linkedin, reference dex-connectors-web-api.md §2.8):
// "Sign In with LinkedIn" through LinkedIn's OAuth 2.0 endpoints and v2 profile API, all at
// LinkedIn's fixed hosts. No groups; refresh re-reads the profile with the stored access token.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::linkedin {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::linkedin
