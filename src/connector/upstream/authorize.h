// The browser half of an upstream OAuth2 login as golang.org/x/oauth2 and dex's connectors build
// it: the redirect URI check, the authorization URL, the callback's `?error=` answer and the code
// redemption.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connector/connector.h"
#include "connector/upstream/token_endpoint.h"
#include "http/form.h"
#include "http/request.h"

namespace dexcc::connector::upstream {

// dex refuses a login whose callback is not the configured redirectURI, with this text.
Result<void> check_callback_url(const std::string& configured, const std::string& callback_url);

// dex's refusal when the configured redirectURI is not the server's callback: "expected callback
// URL "<first>" did not match the URL in the config "<second>"" (github and bitbucket put the
// callback first, gitlab and gitea the configured URI).
std::string redirect_mismatch(const std::string& first, const std::string& second);

// x/oauth2's AuthCodeURL: `endpoint` plus the sorted, escaped `params` after "?" (or "&" when the
// endpoint has a query already).
std::string authorize_url(const std::string& endpoint, const http::Values& params);

// The parameters every AuthCodeURL carries: client_id, redirect_uri (when set), response_type,
// scope (space-joined, when any) and state.
http::Values code_params(const std::string& client_id, const std::string& redirect_uri,
                         const std::vector<std::string>& scopes, const std::string& state);

struct AuthorizeParams {
  std::string auth_url;
  std::string client_id;
  std::string redirect_uri;  // left out when empty (bitbucket-cloud sends none)
  std::vector<std::string> scopes;
  std::string state;
};

// AuthCodeURL(state) from the parts above: code_params appended to auth_url.
std::string authorize_url(const AuthorizeParams& params);

// The callback's upstream refusal as dex words it ("access_denied: the user said no", or the code
// alone without a description); nullopt when the callback carries no `error`.
std::optional<std::string> callback_error(const http::Values& query);

// The callback's code redeemed at the token endpoint: the provider's `error` as callback_error
// words it, or a failed exchange as "<prefix>: failed to get token: <reason>".
Result<Token> redeem_callback(const http::Request& request, const TokenEndpoint& tokens,
                              std::string_view prefix);

// Bearer header value as x/oauth2's Token.Type() picks it: "Bearer" for an empty or any-case
// "bearer" type, "MAC"/"Basic" for those, the type as given otherwise.
std::string authorization_value(const std::string& token_type, const std::string& access_token);

}  // namespace dexcc::connector::upstream
