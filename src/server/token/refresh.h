// The refresh_token grant with dex's rotation state machine (reference dex-server.md §3.3):
//
//   rotate  reuse   inside one atomic update of the token           answer         upstream refresh
//   off     yes     clear legacy connector data                     same secret    no
//   on      yes     presented = current or obsolete; nothing else   current secret no
//   on      no      presented = current; obsolete := current;       new secret     yes
//                   current := new; last_used := now
//   off     no      last_used := now                                same secret    yes
//
// `reuse` means expiry.refreshTokens.reuseInterval > 0 and now <= last_used + reuseInterval. The
// upstream refresh runs inside the update, so concurrent refreshes call the connector at most once.
#pragma once

#include "server/token/context.h"
#include "server/token/grant.h"

namespace dexcc::server::token {

class RefreshGrant final : public Grant {
 public:
  explicit RefreshGrant(const GrantContext& ctx) : ctx_(ctx) {}
  std::string_view type() const override { return "refresh_token"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

 private:
  const GrantContext& ctx_;
};

// What a presented refresh token resolves to, checked as far as it can be without a client
// (introspection uses this too): decoded, found, secret accepted, not expired.
struct RefreshLookup {
  storage::RefreshToken token;
  std::string presented_secret;
};
oauth2::Result<RefreshLookup> lookup_refresh_token(const GrantContext& ctx, std::string_view wire);

}  // namespace dexcc::server::token
