// What the grants that finish a login share: minting its tokens, and a refresh token when the
// scopes and the connector allow one. Each grant otherwise takes only the stores it touches.
#pragma once

#include "base/clock.h"
#include "connector/manager.h"
#include "server/grants/refresh_rotation.h"
#include "server/tokens/minter.h"
#include "storage/storage.h"

namespace dexcc::server::grants {

// The authorization code, password and device grants end in the same tokens.
struct LoginTokens {
  const tokens::TokenMinter& minter;
  const base::Clock& clock;
  connector::Manager& connectors;  // can the login's connector refresh?
  storage::RefreshStore& refresh_tokens;
  storage::OfflineSessionStore& offline_sessions;
};

}  // namespace dexcc::server::grants
