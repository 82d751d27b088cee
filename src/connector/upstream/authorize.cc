// x/oauth2's AuthCodeURL and dex's oauth2Error text.
#include "connector/upstream/authorize.h"

#include <fmt/format.h>

namespace dexcc::connector::upstream {

std::string authorize_url(const AuthorizeParams& p) {
  http::Values v;
  v.set("client_id", p.client_id);
  if (!p.redirect_uri.empty()) v.set("redirect_uri", p.redirect_uri);
  v.set("response_type", "code");
  if (!p.scopes.empty()) {
    std::string scope;
    for (const auto& s : p.scopes) scope += (scope.empty() ? "" : " ") + s;
    v.set("scope", scope);
  }
  v.set("state", p.state);
  return p.auth_url + (p.auth_url.find('?') == std::string::npos ? "?" : "&") + v.encode();
}

std::optional<std::string> callback_error(const http::Values& query) {
  std::string error(query.get("error"));
  if (error.empty()) return std::nullopt;
  std::string description(query.get("error_description"));
  return description.empty() ? error : error + ": " + description;
}

Result<Token> redeem_callback(const http::Request& request, const TokenEndpoint& tokens,
                              std::string_view prefix) {
  const http::Values& q = request.form().values;
  if (auto error = callback_error(q)) return failed(*error);
  auto token = tokens.exchange_code(std::string(q.get("code")), "");
  if (!token) return failed(fmt::format("{}: failed to get token: {}", prefix, token.error().message));
  return token;
}

std::string redirect_mismatch(const std::string& first, const std::string& second) {
  return fmt::format("expected callback URL \"{}\" did not match the URL in the config \"{}\"", first,
                     second);
}

}  // namespace dexcc::connector::upstream
