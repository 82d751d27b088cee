// Token exchange (RFC 8693) through a connector that can verify the subject token (dex's
// non-standard `connector_id` parameter picks it; reference dex-server.md §3.6).
#pragma once

#include "server/grants/context.h"
#include "server/grants/grant.h"

namespace dexcc::server::grants {

constexpr std::string_view kTokenTypeIdToken = "urn:ietf:params:oauth:token-type:id_token";
constexpr std::string_view kTokenTypeAccessToken = "urn:ietf:params:oauth:token-type:access_token";

class TokenExchangeGrant final : public Grant {
 public:
  TokenExchangeGrant(connector::Manager& connectors, const tokens::TokenMinter& minter, const base::Clock& clock)
      : connectors_(connectors), minter_(minter), clock_(clock) {}
  std::string_view type() const override { return "urn:ietf:params:oauth:grant-type:token-exchange"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

 private:
  connector::Manager& connectors_;
  const tokens::TokenMinter& minter_;
  const base::Clock& clock_;
};

}  // namespace dexcc::server::grants
