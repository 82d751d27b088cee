// The github connector (dex connector/github, reference §2.2): GitHub or GitHub Enterprise OAuth
// apps, the user read from the REST API, groups from orgs and teams, refresh with the stored
// access token (GitHub OAuth app tokens do not expire).
#pragma once

#include "connector/github/config.h"
#include "connector/registry.h"

namespace dexcc::connector::github {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

// As open, with the URLs replaced: public github.com's rules (emails not all verified) against a
// local server.
Result<std::unique_ptr<Connector>> open_with_endpoints_for_test(const OpenContext& context,
                                                                const nlohmann::json& config,
                                                                Endpoints endpoints);

}  // namespace dexcc::connector::github
