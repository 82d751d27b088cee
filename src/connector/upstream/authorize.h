// The browser leg of an OAuth2 code flow as x/oauth2 builds it: the authorization URL dex redirects
// to, and the `error` a provider may send back to the callback instead of a code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connector/upstream/token_endpoint.h"
#include "http/form.h"
#include "http/request.h"

namespace dexcc::connector::upstream {

struct AuthorizeParams {
  std::string auth_url;
  std::string client_id;
  std::string redirect_uri;  // left out when empty (bitbucket-cloud sends none)
  std::vector<std::string> scopes;
  std::string state;
};

// AuthCodeURL(state): client_id, redirect_uri, response_type=code, scope (space-joined, left out
// when empty) and state, sorted by key as url.Values encodes them.
std::string authorize_url(const AuthorizeParams& params);

// "<error>: <error_description>" (or just the error) when the callback carries `error`; the text
// dex's oauth2Error gives.
std::optional<std::string> callback_error(const http::Values& query);

// The callback's code redeemed at the token endpoint: the provider's `error` as callback_error
// words it, or a failed exchange as "<prefix>: failed to get token: <reason>".
Result<Token> redeem_callback(const http::Request& request, const TokenEndpoint& tokens,
                              std::string_view prefix);

// dex's refusal when the configured redirectURI is not the server's callback: "expected callback
// URL "<first>" did not match the URL in the config "<second>"" (github and bitbucket put the
// callback first, gitlab and gitea the configured URI).
std::string redirect_mismatch(const std::string& first, const std::string& second);

}  // namespace dexcc::connector::upstream
