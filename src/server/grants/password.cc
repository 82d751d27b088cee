// Password grant: scope checks, the password connector's login, then dex's token set.
#include "server/grants/password.h"

#include "oauth2/scopes.h"
#include "server/grants/authorization_code.h"
#include "server/grants/scope_check.h"

namespace dexcc::server::grants {

oauth2::Result<TokenResponse> PasswordGrant::exchange(const GrantRequest& r) const {
  // dex v2.45.1 also reads these from the query string; only the body is read here, as in newer dex,
  // so credentials never travel in URLs.
  std::vector<std::string> scopes = oauth2::split_fields(r.body.get("scope"));
  std::string nonce(r.body.get("nonce"));
  if (auto ok = check_scopes(clients_, r.client->id, scopes, ScopeRules{.error_code = "invalid_request"}); !ok) {
    return std::unexpected(ok.error());
  }
  auto conn = login_.connectors.get(connector_id_);
  if (!conn) return std::unexpected(oauth2::invalid_request("Requested connector does not exist."));
  const connector::PasswordConnector* password = (*conn)->caps.password;
  if (!password) return std::unexpected(oauth2::invalid_request("Requested password connector does not correct type."));

  auto identity = password->login(connector::scopes_from(scopes), r.body.get("username"), r.body.get("password"));
  if (!identity) {
    oauth2::Error e = oauth2::invalid_request("Could not login user");
    e.debug = identity.error().message;
    return std::unexpected(e);
  }
  if (!identity->has_value()) return std::unexpected(oauth2::access_denied("Invalid username or password"));
  const connector::Identity& id = **identity;
  tokens::TokenSubject subject{.client_id = r.client->id,
                               .claims = id,
                               .scopes = scopes,
                               .nonce = nonce,
                               .connector_id = connector_id_};
  return mint_login_tokens(login_, subject, "", id.connector_data);
}

}  // namespace dexcc::server::grants
