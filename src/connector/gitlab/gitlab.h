// The gitlab connector (dex connector/gitlab, reference §2.3): GitLab's OAuth2 applications, the
// user from /api/v4/user, groups from /oauth/userinfo, refresh through the upstream refresh token.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::gitlab {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::gitlab
