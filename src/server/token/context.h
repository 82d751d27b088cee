// What the grants share: storage, connectors, the token minter, the clock and the refresh policy.
#pragma once

#include "base/clock.h"
#include "connector/manager.h"
#include "server/token/refresh_rotation.h"
#include "server/tokens/minter.h"
#include "storage/storage.h"

namespace dexcc::server::token {

struct GrantContext {
  storage::Storage& store;
  connector::Manager& connectors;
  const tokens::TokenMinter& minter;
  const base::Clock& clock;
  RefreshPolicy refresh;
};

}  // namespace dexcc::server::token
