// The google connector (dex connector/google, reference dex-connectors-web-api.md §2.6): logs
// people in through Google's OpenID Connect provider (discovered at open), checks their hosted
// domain, and reads their groups from the Admin SDK Directory API with a service account's
// delegated credentials.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::google {

inline constexpr char kIssuer[] = "https://accounts.google.com";

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::google
