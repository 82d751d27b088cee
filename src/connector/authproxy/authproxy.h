// The authproxy connector (dex connector/authproxy, reference dex-connectors-web-api.md §2.14): an
// authenticating reverse proxy in front of /callback/{id} logs the user in and names them in
// request headers, which this connector trusts as they are. It must only be reachable through that
// proxy; the shared /callback strips X-Remote-* headers, /callback/{id} does not. No refresh.
#pragma once

#include "connector/registry.h"

namespace dexcc::connector::authproxy {

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& config);

}  // namespace dexcc::connector::authproxy
