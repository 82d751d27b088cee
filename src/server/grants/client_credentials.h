// The client_credentials grant (newer dex; off unless listed in oauth2.grantTypes or enabled with
// DEX_CLIENT_CREDENTIAL_GRANT_ENABLED_BY_DEFAULT; reference dex-server.md §3.7).
#pragma once

#include "server/grants/context.h"
#include "server/grants/grant.h"

namespace dexcc::server::grants {

class ClientCredentialsGrant final : public Grant {
 public:
  ClientCredentialsGrant(storage::ClientStore& clients, const tokens::TokenMinter& minter, const base::Clock& clock)
      : clients_(clients), minter_(minter), clock_(clock) {}
  std::string_view type() const override { return "client_credentials"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

 private:
  storage::ClientStore& clients_;  // cross-client scopes name peers
  const tokens::TokenMinter& minter_;
  const base::Clock& clock_;
};

}  // namespace dexcc::server::grants
