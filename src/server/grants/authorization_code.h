// The authorization_code grant (RFC 6749 §4.1.3 with PKCE, RFC 7636; reference dex-server.md §3.2).
#pragma once

#include "server/grants/context.h"
#include "server/grants/grant.h"

namespace dexcc::server::grants {

class AuthorizationCodeGrant final : public Grant {
 public:
  AuthorizationCodeGrant(storage::AuthCodeStore& codes, const LoginTokens& login) : codes_(codes), login_(login) {}
  std::string_view type() const override { return "authorization_code"; }
  oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const override;

  // Redeems a code for `client_id`: checks, single-use deletion, tokens. Also used by the device
  // flow's callback, which redeems the code on the device's behalf.
  oauth2::Result<TokenResponse> redeem(const std::string& client_id, std::string_view code,
                                       std::string_view redirect_uri, std::string_view code_verifier) const;

 private:
  storage::AuthCodeStore& codes_;
  const LoginTokens& login_;
};

// Issues access token, ID token (with at_hash, and c_hash when `code` is set) and, when the scopes
// and connector allow, a refresh token.
oauth2::Result<TokenResponse> mint_login_tokens(const LoginTokens& login, const tokens::TokenSubject& subject,
                                                std::string_view code, const std::string& connector_data);

}  // namespace dexcc::server::grants
