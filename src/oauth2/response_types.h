// response_type parsing and validation in dex's order (reference dex-server.md §2.2 steps 10-15).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "oauth2/error.h"

namespace dexcc::oauth2 {

constexpr std::string_view kResponseTypeCode = "code";
constexpr std::string_view kResponseTypeToken = "token";
constexpr std::string_view kResponseTypeIdToken = "id_token";
constexpr std::string_view kRedirectUriOob = "urn:ietf:wg:oauth:2.0:oob";

// Checks the space-separated tokens of `response_type` (request order kept) against the configured
// `oauth2.responseTypes` strings. dex looks each token up in the set of configured strings verbatim,
// so configuring "code id_token" alone does not enable that combination; dexcc keeps that rule.
Result<std::vector<std::string>> validate_response_types(const std::vector<std::string>& requested,
                                                         const std::set<std::string>& configured,
                                                         bool has_nonce, bool oob_redirect);

}  // namespace dexcc::oauth2
