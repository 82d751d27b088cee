// The client_credentials grant (newer dex; off unless listed in oauth2.grantTypes or enabled with
// DEX_CLIENT_CREDENTIAL_GRANT_ENABLED_BY_DEFAULT; reference dex-server.md §3.7).
#pragma once

#include "server/token/context.h"
#include "server/token/grant.h"

namespace dexcc::server::token {

class ClientCredentialsGrant final : public Grant {
 public:
  explicit ClientCredentialsGrant(const GrantContext& ctx) : ctx_(ctx) {}
  std::string_view type() const override { return "client_credentials"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

 private:
  const GrantContext& ctx_;
};

}  // namespace dexcc::server::token
