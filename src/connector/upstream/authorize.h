// The browser half of an upstream OAuth2 login as golang.org/x/oauth2 and dex's connectors build
// it: the redirect URI check, the authorization URL, and the callback's `?error=` answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connector/connector.h"
#include "http/form.h"

namespace dexcc::connector::upstream {

// dex refuses a login whose callback is not the configured redirectURI, with this text.
Result<void> check_callback_url(const std::string& configured, const std::string& callback_url);

// x/oauth2's AuthCodeURL: `endpoint` plus the sorted, escaped `params` after "?" (or "&" when the
// endpoint has a query already).
std::string authorize_url(const std::string& endpoint, const http::Values& params);

// The parameters every AuthCodeURL carries: client_id, redirect_uri (when set), response_type,
// scope (space-joined, when any) and state.
http::Values code_params(const std::string& client_id, const std::string& redirect_uri,
                         const std::vector<std::string>& scopes, const std::string& state);

// The callback's upstream refusal as dex words it ("access_denied: the user said no", or the code
// alone without a description); nullopt when the callback carries no `error`.
std::optional<std::string> callback_error(const http::Values& query);

// Bearer header value as x/oauth2's Token.Type() picks it: "Bearer" for an empty or any-case
// "bearer" type, "MAC"/"Basic" for those, the type as given otherwise.
std::string authorization_value(const std::string& token_type, const std::string& access_token);

}  // namespace dexcc::connector::upstream
