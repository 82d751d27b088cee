// The resource owner password credentials grant through oauth2.passwordConnector
// (reference dex-server.md §3.4).
#pragma once

#include <string>

#include "server/grants/context.h"
#include "server/grants/grant.h"

namespace dexcc::server::grants {

class PasswordGrant final : public Grant {
 public:
  PasswordGrant(storage::ClientStore& clients, const LoginTokens& login, std::string connector_id)
      : clients_(clients), login_(login), connector_id_(std::move(connector_id)) {}
  std::string_view type() const override { return "password"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

 private:
  storage::ClientStore& clients_;  // cross-client scopes name peers
  const LoginTokens& login_;
  std::string connector_id_;
};

}  // namespace dexcc::server::grants
