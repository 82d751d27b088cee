// Token exchange (RFC 8693) through a connector that can verify the subject token (dex's
// non-standard `connector_id` parameter picks it; reference dex-server.md §3.6).
#pragma once

#include "server/token/context.h"
#include "server/token/grant.h"

namespace dexcc::server::token {

constexpr std::string_view kTokenTypeIdToken = "urn:ietf:params:oauth:token-type:id_token";
constexpr std::string_view kTokenTypeAccessToken = "urn:ietf:params:oauth:token-type:access_token";

class TokenExchangeGrant final : public Grant {
 public:
  explicit TokenExchangeGrant(const GrantContext& ctx) : ctx_(ctx) {}
  std::string_view type() const override { return "urn:ietf:params:oauth:grant-type:token-exchange"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

 private:
  const GrantContext& ctx_;
};

}  // namespace dexcc::server::token
