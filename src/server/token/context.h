// What the grants share: storage, connectors, the token minter, the clock and the refresh policy.
#pragma once

#include "base/clock.h"
#include "connector/manager.h"
#include "server/tokens/minter.h"
#include "storage/storage.h"

namespace dexcc::server::token {

// expiry.refreshTokens (reference dex-server.md §3.3); zero durations are "off".
struct RefreshPolicy {
  bool rotate = true;
  base::Duration reuse_interval{0};
  base::Duration absolute_lifetime{0};
  base::Duration valid_if_not_used_for{0};
};

struct GrantContext {
  storage::Storage& store;
  connector::Manager& connectors;
  const tokens::TokenMinter& minter;
  const base::Clock& clock;
  RefreshPolicy refresh;
};

}  // namespace dexcc::server::token
