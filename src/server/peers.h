// Cross-client trust (dex's validateCrossClientTrust), shared by /auth, the grants that take a
// scope and the audience of minted tokens: who may ask for a token naming another client.
#pragma once

#include <string>
#include <vector>

#include "storage/storage.h"

namespace dexcc::server {

// A client may always name itself; otherwise the peer must list it in its trustedPeers. An unknown
// peer trusts nobody.
storage::Result<bool> peer_trusts(storage::ClientStore& clients, const std::string& client_id,
                                  const std::string& peer_id);

// The `audience:server:client_id:<peer>` scopes of `peers` that do not trust `client_id`.
storage::Result<std::vector<std::string>> untrusted_peer_scopes(storage::ClientStore& clients,
                                                                const std::string& client_id,
                                                                const std::vector<std::string>& peers);

}  // namespace dexcc::server
