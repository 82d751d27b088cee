// TokenEndpoint: the authorization_code and refresh_token grants against an upstream token URL,
// with x/oauth2's client authentication styles (Basic first, then the body, remembered).
#pragma once

#include <atomic>
#include <string>

#include "connector/upstream/token.h"
#include "http_client/client.h"
#include "http_client/form.h"

namespace dexcc::connector::upstream {

enum class AuthStyle {
  kAutoDetect,  // x/oauth2's default: Basic, and on any failure the body; the working one is kept
  kInHeader,    // client_secret_basic
  kInParams,    // client_id and client_secret in the form body (dex's basicAuthUnsupported)
};

struct ClientCredentials {
  std::string client_id;
  std::string client_secret;
  std::string token_url;
  std::string redirect_uri;  // sent with the code grant when set
  AuthStyle style = AuthStyle::kAutoDetect;
};

class TokenEndpoint {
 public:
  TokenEndpoint(ClientCredentials credentials, const http_client::Client& client)
      : credentials_(std::move(credentials)), client_(client) {}

  // grant_type=authorization_code; `code_verifier` is added when not empty (PKCE).
  Result<Token> exchange_code(const std::string& code, const std::string& code_verifier) const;
  // grant_type=refresh_token. A response without a new refresh token keeps `refresh_token`, as
  // x/oauth2's token source does.
  Result<Token> refresh(const std::string& refresh_token) const;

  const ClientCredentials& credentials() const { return credentials_; }

 private:
  Result<Token> post(http_client::FormValues values) const;
  // `timed_out`, when given, is set when the provider did not answer within the client's timeout.
  Result<Token> post_with(AuthStyle style, const http_client::FormValues& values, bool* timed_out = nullptr) const;

  ClientCredentials credentials_;
  const http_client::Client& client_;
  // What auto-detection found (kAutoDetect until a request succeeded).
  mutable std::atomic<AuthStyle> detected_{AuthStyle::kAutoDetect};
};

}  // namespace dexcc::connector::upstream
