// The bitbucket-cloud connector (dex connector/bitbucketcloud, reference §2.9): Bitbucket Cloud
// OAuth consumers (the registered callback is used: no redirect_uri is sent), the user and primary
// email from the 2.0 API, workspaces as groups, refresh through x/oauth2's token source.
#pragma once

#include "connector/bitbucket/config.h"
#include "connector/registry.h"

namespace dexcc::connector::bitbucket {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

// As open, with Bitbucket's fixed URLs replaced by a local server's.
Result<std::unique_ptr<Connector>> open_with_endpoints_for_test(const OpenContext& context,
                                                                const nlohmann::json& config,
                                                                Endpoints endpoints);

}  // namespace dexcc::connector::bitbucket
