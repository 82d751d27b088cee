// The refresh_token grant with dex's rotation state machine (reference dex-server.md §3.3; the
// rule itself is in refresh_rotation.h). The upstream refresh runs inside the atomic update of the
// token and its offline session, so concurrent refreshes call the connector at most once.
#pragma once

#include "server/grants/context.h"
#include "server/grants/grant.h"

namespace dexcc::server::grants {

// What a refresh reads and writes.
struct RefreshDeps {
  storage::RefreshStore& tokens;
  storage::RefreshRotationStore& rotation;  // the token and its offline session, together
  connector::Manager& connectors;
  const tokens::TokenMinter& minter;
  const base::Clock& clock;
  RefreshPolicy policy;
};

class RefreshGrant final : public Grant {
 public:
  explicit RefreshGrant(RefreshDeps deps) : deps_(std::move(deps)) {}
  std::string_view type() const override { return "refresh_token"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

 private:
  RefreshDeps deps_;
};

// What a presented refresh token resolves to, checked as far as it can be without a client
// (introspection uses this too): decoded, found, secret accepted, not expired.
struct RefreshLookup {
  storage::RefreshToken token;
  std::string presented_secret;
};
oauth2::Result<RefreshLookup> lookup_refresh_token(storage::RefreshStore& tokens, const base::Clock& clock,
                                                   const RefreshPolicy& policy, std::string_view wire);

}  // namespace dexcc::server::grants
