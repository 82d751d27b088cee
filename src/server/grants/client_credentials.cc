// client_credentials: the client is the subject; never a refresh token.
#include "server/grants/client_credentials.h"

#include "oauth2/scopes.h"
#include "server/grants/scope_check.h"

namespace dexcc::server::grants {

oauth2::Result<TokenResponse> ClientCredentialsGrant::exchange(const GrantRequest& r) const {
  const storage::Client& client = *r.client;
  if (client.is_public || client.secret.empty()) {
    return std::unexpected(oauth2::unauthorized_client("Public clients cannot use client_credentials grant."));
  }
  std::vector<std::string> scopes = oauth2::split_fields(r.body.get("scope"));
  ScopeRules rules{.error_code = "invalid_scope",
                   .require_openid = false,
                   .allow_offline_access = false,
                   .allow_federated_id = false};
  if (auto ok = check_scopes(clients_, client.id, scopes, rules); !ok) return std::unexpected(ok.error());

  storage::Claims claims{.user_id = client.id};
  if (oauth2::has_scope(scopes, oauth2::kScopeProfile)) {
    claims.username = client.name;
    claims.preferred_username = client.name;
  }
  tokens::TokenSubject subject{.client_id = client.id, .claims = claims, .scopes = scopes};
  auto access = minter_.access_token(subject);
  if (!access) return std::unexpected(access.error());
  TokenResponse out;
  out.access_token = access->token;
  if (oauth2::has_scope(scopes, oauth2::kScopeOpenId)) {
    auto id = minter_.id_token(subject, access->token, "");
    if (!id) return std::unexpected(id.error());
    out.id_token = id->token;
  }
  out.expires_in = std::chrono::duration_cast<std::chrono::seconds>(access->expiry - clock_.now()).count();
  return out;
}

}  // namespace dexcc::server::grants
