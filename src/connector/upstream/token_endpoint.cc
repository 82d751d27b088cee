// The two token grants an upstream connector makes, and the client authentication around them.
#include "connector/upstream/token_endpoint.h"

#include <fmt/format.h>

#include "http_client/calls.h"

namespace dexcc::connector::upstream {

Result<Token> TokenEndpoint::exchange_code(const std::string& code, const std::string& code_verifier) const {
  http_client::FormValues values{{"grant_type", "authorization_code"}, {"code", code}};
  if (!credentials_.redirect_uri.empty()) values.emplace_back("redirect_uri", credentials_.redirect_uri);
  if (!code_verifier.empty()) values.emplace_back("code_verifier", code_verifier);
  return post(std::move(values));
}

Result<Token> TokenEndpoint::refresh(const std::string& refresh_token) const {
  auto token = post({{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}});
  if (token && token->refresh_token.empty()) token->refresh_token = refresh_token;
  return token;
}

Result<Token> TokenEndpoint::post(http_client::FormValues values) const {
  AuthStyle style = credentials_.style;
  if (style != AuthStyle::kAutoDetect) return post_with(style, values);
  if (AuthStyle known = detected_.load(); known != AuthStyle::kAutoDetect) return post_with(known, values);
  // As x/oauth2: Basic first; on a failure once more with the credentials in the body. Unlike
  // x/oauth2, not after a timeout: a provider that did not answer one form will not answer the other,
  // and the retry doubled the time a hung provider held a worker (and the user) past the client's
  // bound on an upstream call.
  bool timed_out = false;
  auto first = post_with(AuthStyle::kInHeader, values, &timed_out);
  if (first) {
    detected_.store(AuthStyle::kInHeader);
    return first;
  }
  if (timed_out) return first;
  auto token = post_with(AuthStyle::kInParams, values);
  if (token) detected_.store(AuthStyle::kInParams);
  return token;
}

Result<Token> TokenEndpoint::post_with(AuthStyle style, const http_client::FormValues& values,
                                       bool* timed_out) const {
  http_client::FormValues body = values;
  http_client::Headers headers;
  if (style == AuthStyle::kInParams) {
    body.emplace_back("client_id", credentials_.client_id);
    if (!credentials_.client_secret.empty()) body.emplace_back("client_secret", credentials_.client_secret);
  } else {
    headers.add("Authorization", http_client::basic_auth(credentials_.client_id, credentials_.client_secret));
  }
  auto response = http_client::post_form(client_, credentials_.token_url, body, std::move(headers));
  if (!response) {
    if (timed_out) *timed_out = response.error().kind == http_client::ErrorKind::kTimeout;
    return failed(fmt::format("oauth2: {}", response.error().message));
  }
  return parse_token_response(response->status, response->headers.get("Content-Type").value_or(""),
                              response->body);
}

}  // namespace dexcc::connector::upstream
