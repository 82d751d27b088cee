// Grant-side scope checks, worded as dex words them.
#include "server/token/scope_check.h"

#include <algorithm>

#include "oauth2/scopes.h"

namespace dexcc::server::token {

storage::Result<bool> peer_trusts(storage::ClientStore& clients, const std::string& client_id,
                                  const std::string& peer_id) {
  if (peer_id == client_id) return true;
  auto peer = clients.get_client(peer_id);
  if (!peer) {
    if (peer.error().not_found()) return false;
    return std::unexpected(peer.error());
  }
  return std::find(peer->trusted_peers.begin(), peer->trusted_peers.end(), client_id) != peer->trusted_peers.end();
}

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
  std::vector<std::string> untrusted;
  for (const auto& peer : check.peers) {
    auto trusted = peer_trusts(clients, client_id, peer);
    if (!trusted) return std::unexpected(oauth2::server_error("validate cross client trust: " + trusted.error().message));
    if (!*trusted) untrusted.push_back(std::string(oauth2::kScopeCrossClientPrefix) + peer);
  }
  if (rules.require_openid && !check.has_openid) return fail(R"(Missing required scope(s) ["openid"].)");
  if (!check.unrecognized.empty()) return fail("Unrecognized scope(s) " + oauth2::go_quote_list(check.unrecognized));
  if (!untrusted.empty()) return fail("Client can't request scope(s) " + oauth2::go_quote_list(untrusted));
  return {};
}

}  // namespace dexcc::server::token
