// Scope validation for the grants that take a `scope` parameter (password, client_credentials):
// dex's rules of the authorization endpoint, with the error code each grant uses.
#pragma once

#include <string>
#include <vector>

#include "oauth2/error.h"
#include "storage/storage.h"

namespace dexcc::server::grants {

struct ScopeRules {
  std::string error_code;       // "invalid_request" (password) or "invalid_scope" (client_credentials)
  bool require_openid = true;
  bool allow_offline_access = true;
  bool allow_federated_id = true;
};

// Checks requested scopes for `client_id`: openid present (when required), nothing unrecognized,
// cross-client audiences trusted by their peer.
oauth2::Result<void> check_scopes(storage::ClientStore& clients, const std::string& client_id,
                                  const std::vector<std::string>& scopes, const ScopeRules& rules);

}  // namespace dexcc::server::grants
