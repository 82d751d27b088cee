// From a verified Google ID token's claims to a dex Identity (no groups yet), with the hosted
// domain check. Pure: no I/O.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "connector/connector.h"

namespace dexcc::connector::google {

// UserID = sub, Username = name, Email and EmailVerified as given; no preferred_username. With
// `hosted_domains`, the "hd" claim must be one of them: "oidc: unexpected hd claim <hd>". Claims
// of the wrong JSON type fail as Go's decoder fails: "oidc: failed to decode claims: ...".
Result<Identity> identity_from_claims(const nlohmann::json& claims,
                                      const std::vector<std::string>& hosted_domains);

}  // namespace dexcc::connector::google
