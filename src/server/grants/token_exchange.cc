// Token exchange: verify the upstream token with the connector, mint one token of the asked type.
#include "server/grants/token_exchange.h"

#include "oauth2/scopes.h"

namespace dexcc::server::grants {

oauth2::Result<TokenResponse> TokenExchangeGrant::exchange(const GrantRequest& r) const {
  std::string_view subject_type = r.body.get("subject_token_type");
  if (subject_type != kTokenTypeIdToken && subject_type != kTokenTypeAccessToken) {
    return std::unexpected(oauth2::request_not_supported("Invalid subject_token_type."));
  }
  std::string_view subject_token = r.body.get("subject_token");
  if (subject_token.empty()) return std::unexpected(oauth2::invalid_request("Missing subject_token"));
  std::string connector_id(r.body.get("connector_id"));
  auto conn = connectors_.get(connector_id);
  if (!conn || !(*conn)->caps.token_identity) {
    return std::unexpected(oauth2::invalid_request("Requested connector does not exist."));
  }
  auto identity = (*conn)->caps.token_identity->token_identity(subject_type, subject_token);
  if (!identity) {
    oauth2::Error e = oauth2::access_denied("");
    e.debug = identity.error().message;
    return std::unexpected(e);
  }
  std::string requested(r.body.get("requested_token_type"));
  if (requested.empty()) requested = std::string(kTokenTypeAccessToken);
  if (requested != kTokenTypeIdToken && requested != kTokenTypeAccessToken) {
    return std::unexpected(oauth2::request_not_supported("Invalid requested_token_type."));
  }
  tokens::TokenSubject subject{.client_id = r.client->id,
                               .claims = *identity,
                               .scopes = oauth2::split_fields(r.body.get("scope")),
                               .connector_id = connector_id};
  auto minted = requested == kTokenTypeIdToken ? minter_.id_token(subject, "", "") : minter_.access_token(subject);
  if (!minted) return std::unexpected(minted.error());
  TokenResponse out;
  out.access_token = minted->token;
  out.issued_token_type = requested;
  out.expires_in = std::chrono::duration_cast<std::chrono::seconds>(minted->expiry - clock_.now()).count();
  return out;
}

}  // namespace dexcc::server::grants
