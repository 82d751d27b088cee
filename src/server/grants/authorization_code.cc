// Code redemption: validity, client binding, PKCE, redirect URI, then single-use deletion.
#include "server/grants/authorization_code.h"

#include "oauth2/pkce.h"
#include "server/grants/refresh_issue.h"

namespace dexcc::server::grants {

oauth2::Result<TokenResponse> mint_login_tokens(const LoginTokens& login, const tokens::TokenSubject& subject,
                                                std::string_view code, const std::string& connector_data) {
  auto access = login.minter.access_token(subject);
  if (!access) return std::unexpected(access.error());
  auto id = login.minter.id_token(subject, access->token, code);
  if (!id) return std::unexpected(id.error());
  TokenResponse out;
  out.access_token = access->token;
  out.id_token = id->token;

  auto conn = login.connectors.get(subject.connector_id);
  if (!conn) return std::unexpected(oauth2::server_error("get connector: " + conn.error().message));
  if (wants_refresh_token(subject.scopes, **conn)) {
    auto refresh = issue_refresh_token(login.refresh_tokens, login.offline_sessions, login.clock,
                                       NewRefresh{.client_id = subject.client_id,
                                                  .connector_id = subject.connector_id,
                                                  .claims = subject.claims,
                                                  .scopes = subject.scopes,
                                                  .nonce = subject.nonce,
                                                  .connector_data = connector_data});
    if (!refresh) return std::unexpected(refresh.error());
    out.refresh_token = *refresh;
  }
  out.expires_in = std::chrono::duration_cast<std::chrono::seconds>(id->expiry - login.clock.now()).count();
  return out;
}

oauth2::Result<TokenResponse> AuthorizationCodeGrant::exchange(const GrantRequest& r) const {
  return redeem(r.client->id, r.body.get("code"), r.body.get("redirect_uri"), r.body.get("code_verifier"));
}

oauth2::Result<TokenResponse> AuthorizationCodeGrant::redeem(const std::string& client_id, std::string_view code,
                                                             std::string_view redirect_uri,
                                                             std::string_view verifier) const {
  if (code.empty()) return std::unexpected(oauth2::invalid_request("Required param: code."));
  auto invalid = [] { return std::unexpected(oauth2::invalid_grant("Invalid or expired code parameter.")); };
  auto ac = codes_.get_auth_code(code);
  if (!ac) {
    if (ac.error().not_found()) return invalid();
    return std::unexpected(oauth2::server_error("get auth code: " + ac.error().message));
  }
  // dex v2.45.1 answers an expired or foreign code with 500; both are the client's problem.
  if (login_.clock.now() > ac->expiry || ac->client_id != client_id) return invalid();

  const std::string& challenge = ac->pkce.code_challenge;
  if (!verifier.empty() && !challenge.empty()) {
    if (!oauth2::pkce_verify(verifier, challenge, ac->pkce.code_challenge_method)) {
      return std::unexpected(oauth2::invalid_grant("Invalid code_verifier."));
    }
  } else if (!verifier.empty()) {
    return std::unexpected(oauth2::invalid_request("No PKCE flow started. Cannot check code_verifier."));
  } else if (!challenge.empty()) {
    return std::unexpected(oauth2::invalid_grant("Expecting parameter code_verifier in PKCE flow."));
  }
  if (ac->redirect_uri != redirect_uri) {
    return std::unexpected(oauth2::invalid_request("redirect_uri did not match URI from initial request."));
  }

  // The deletion is the single-use gate: of two concurrent redemptions only one deletes the code.
  if (auto deleted = codes_.delete_auth_code(ac->id); !deleted) {
    if (deleted.error().not_found()) return invalid();
    return std::unexpected(oauth2::server_error("delete auth code: " + deleted.error().message));
  }
  tokens::TokenSubject subject{.client_id = ac->client_id,
                               .claims = ac->claims,
                               .scopes = ac->scopes,
                               .nonce = ac->nonce,
                               .connector_id = ac->connector_id};
  return mint_login_tokens(login_, subject, ac->id, ac->connector_data);
}

}  // namespace dexcc::server::grants
