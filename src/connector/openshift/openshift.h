// The openshift connector (dex connector/openshift, reference dex-connectors-web-api.md §2.10):
// logs people in through an OpenShift cluster's OAuth server (discovered at open from
// {issuer}/.well-known/oauth-authorization-server) and reads the user and their groups from
// /apis/user.openshift.io/v1/users/~ with the user's token.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::openshift {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::openshift
