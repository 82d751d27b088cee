// The AuthnRequest dex sends (POSTData): unsigned, not deflated, base64 for the HTTP-POST binding.
#pragma once

#include <string>

#include "base/clock.h"
#include "connector/saml/config.h"

namespace dexcc::connector::saml {

// The AuthnRequest XML for auth request `id` issued at `now`.
std::string authn_request_xml(const Config& config, const std::string& id, base::Time now);

}  // namespace dexcc::connector::saml
