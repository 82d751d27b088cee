// The gitea connector (dex connector/gitea, reference §2.11): Gitea's OAuth2 applications (no
// scopes), the user from /api/v1/user, groups from the user's teams, refresh through x/oauth2's
// token source with the renewed tokens written back.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::gitea {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::gitea
