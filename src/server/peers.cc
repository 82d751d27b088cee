// Cross-client trust: a peer's trustedPeers list decides.
#include "server/peers.h"

#include <algorithm>

#include "oauth2/scopes.h"

namespace dexcc::server {

storage::Result<bool> peer_trusts(storage::ClientStore& clients, const std::string& client_id,
                                  const std::string& peer_id) {
  if (peer_id == client_id) return true;
  auto peer = clients.get_client(peer_id);
  if (!peer) {
    if (peer.error().not_found()) return false;
    return std::unexpected(peer.error());
  }
  return std::find(peer->trusted_peers.begin(), peer->trusted_peers.end(), client_id) !=
         peer->trusted_peers.end();
}

storage::Result<std::vector<std::string>> untrusted_peer_scopes(storage::ClientStore& clients,
                                                                const std::string& client_id,
                                                                const std::vector<std::string>& peers) {
  std::vector<std::string> untrusted;
  for (const auto& peer : peers) {
    auto trusted = peer_trusts(clients, client_id, peer);
    if (!trusted) return std::unexpected(trusted.error());
    if (!*trusted) untrusted.push_back(std::string(oauth2::kScopeCrossClientPrefix) + peer);
  }
  return untrusted;
}

}  // namespace dexcc::server
