// The response_type checks, each failing with dex's exact code and description.
#include "oauth2/response_types.h"

#include <fmt/format.h>

#include "oauth2/scopes.h"

namespace dexcc::oauth2 {

Result<std::vector<std::string>> validate_response_types(const std::vector<std::string>& requested,
                                                         const std::set<std::string>& configured, bool has_nonce,
                                                         bool oob_redirect) {
  bool code = false, token = false, id_token = false;
  for (const auto& t : requested) {
    if (t == kResponseTypeCode) {
      code = true;
    } else if (t == kResponseTypeToken) {
      token = true;
    } else if (t == kResponseTypeIdToken) {
      id_token = true;
    } else {
      return std::unexpected(invalid_request(fmt::format("Invalid response type {}", go_quote(t))));
    }
    if (!configured.contains(t)) {
      return std::unexpected(unsupported_response_type(fmt::format("Unsupported response type {}", go_quote(t))));
    }
  }
  if (requested.empty()) return std::unexpected(invalid_request("No response_type provided"));
  if (token && !code && !id_token) {
    return std::unexpected(
        invalid_request("Response type 'token' must be provided with type 'id_token' and/or 'code'"));
  }
  if (!code && !has_nonce) {
    // Implicit and id_token-only flows need a nonce (OpenID Connect Core §3.2.2.1).
    return std::unexpected(invalid_request("Response type 'token' requires a 'nonce' value."));
  }
  if (token && oob_redirect) {
    return std::unexpected(invalid_request(
        fmt::format("Cannot use response type 'token' with redirect_uri '{}'.", kRedirectUriOob)));
  }
  return requested;
}

}  // namespace dexcc::oauth2
