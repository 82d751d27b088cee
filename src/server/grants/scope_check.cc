// Grant-side scope checks, worded as dex words them.
#include "server/grants/scope_check.h"

#include "oauth2/scopes.h"
#include "server/peers.h"

namespace dexcc::server::grants {

oauth2::Result<void> check_scopes(storage::ClientStore& clients, const std::string& client_id,
                                  const std::vector<std::string>& scopes, const ScopeRules& rules) {
  auto fail = [&](std::string d) { return std::unexpected(oauth2::make_error(rules.error_code, std::move(d))); };
  for (const auto& s : scopes) {
    if (!rules.allow_offline_access && s == oauth2::kScopeOfflineAccess)
      return fail("client_credentials grant does not support offline_access scope.");
    if (!rules.allow_federated_id && s == oauth2::kScopeFederatedId)
      return fail("client_credentials grant does not support federated:id scope.");
  }
  oauth2::ScopeCheck check = oauth2::classify_scopes(scopes);
  auto untrusted = untrusted_peer_scopes(clients, client_id, check.peers);
  if (!untrusted) return std::unexpected(oauth2::server_error("validate cross client trust: " + untrusted.error().message));
  if (rules.require_openid && !check.has_openid) return fail(R"(Missing required scope(s) ["openid"].)");
  if (!check.unrecognized.empty()) return fail("Unrecognized scope(s) " + oauth2::go_quote_list(check.unrecognized));
  if (!untrusted->empty()) return fail("Client can't request scope(s) " + oauth2::go_quote_list(*untrusted));
  return {};
}

}  // namespace dexcc::server::grants
