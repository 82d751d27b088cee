// Authorization URLs, callback errors, code redemption and bearer headers with x/oauth2's wording
// and bytes.
#include "connector/upstream/authorize.h"

#include <fmt/format.h>

#include "base/text.h"

namespace dexcc::connector::upstream {

Result<void> check_callback_url(const std::string& configured, const std::string& callback_url) {
  if (configured == callback_url) return {};
  return failed(fmt::format("expected callback URL {} did not match the URL in the config {}",
                            base::go_quote(callback_url), base::go_quote(configured)));
}

std::string redirect_mismatch(const std::string& first, const std::string& second) {
  return fmt::format("expected callback URL \"{}\" did not match the URL in the config \"{}\"", first,
                     second);
}

std::string authorize_url(const std::string& endpoint, const http::Values& params) {
  return endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") + params.encode();
}

http::Values code_params(const std::string& client_id, const std::string& redirect_uri,
                         const std::vector<std::string>& scopes, const std::string& state) {
  http::Values v;
  v.set("client_id", client_id);
  if (!redirect_uri.empty()) v.set("redirect_uri", redirect_uri);
  v.set("response_type", "code");
  if (!scopes.empty()) {
    std::string scope;
    for (const auto& s : scopes) scope += (scope.empty() ? "" : " ") + s;
    v.set("scope", scope);
  }
  v.set("state", state);
  return v;
}

std::string authorize_url(const AuthorizeParams& p) {
  return authorize_url(p.auth_url, code_params(p.client_id, p.redirect_uri, p.scopes, p.state));
}

std::optional<std::string> callback_error(const http::Values& query) {
  std::string_view error = query.get("error");
  if (error.empty()) return std::nullopt;
  std::string_view description = query.get("error_description");
  return description.empty() ? std::string(error) : fmt::format("{}: {}", error, description);
}

Result<Token> redeem_callback(const http::Request& request, const TokenEndpoint& tokens,
                              std::string_view prefix) {
  const http::Values& q = request.form().values;
  if (auto error = callback_error(q)) return failed(*error);
  auto token = tokens.exchange_code(std::string(q.get("code")), "");
  if (!token) return failed(fmt::format("{}: failed to get token: {}", prefix, token.error().message));
  return token;
}

std::string authorization_value(const std::string& token_type, const std::string& access_token) {
  std::string type = token_type;
  if (type.empty() || base::ascii_iequals(type, "bearer")) {
    type = "Bearer";
  } else if (base::ascii_iequals(type, "mac")) {
    type = "MAC";
  } else if (base::ascii_iequals(type, "basic")) {
    type = "Basic";
  }
  return type + " " + access_token;
}

}  // namespace dexcc::connector::upstream
