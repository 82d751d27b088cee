// Claim assembly in dex's order (iss, sub, aud, exp, iat, azp, nonce, at_hash, c_hash, email,
// email_verified, groups, name, preferred_username, federated_claims) and signing.
#include "server/tokens/jwt_minter.h"

#include "base/go_json.h"
#include "base/random.h"
#include "jose/token_hash.h"
#include "oauth2/scopes.h"
#include "oauth2/subject.h"
#include "server/tokens/audience.h"

namespace dexcc::server::tokens {
namespace {

void member(std::string& out, std::string_view key, std::string_view raw_json) {
  out += ',';
  out += base::go_json_string(key);
  out += ':';
  out += raw_json;
}

}  // namespace

JwtMinter::JwtMinter(std::string issuer_url, const signer::Signer& signer, storage::ClientStore& clients,
                     const base::Clock& clock, base::Duration id_token_ttl)
    : issuer_url_(std::move(issuer_url)), signer_(signer), clients_(clients), clock_(clock), id_token_ttl_(id_token_ttl) {}

oauth2::Result<std::string> JwtMinter::claims_json(const TokenSubject& s, std::string_view access_token,
                                                   std::string_view code, base::Time issued_at,
                                                   base::Time expiry) const {
  auto audience = token_audience(s.client_id, s.scopes, &clients_);
  if (!audience) return std::unexpected(audience.error());
  jose::Algorithm alg = signer_.algorithm();

  std::string out = "{\"iss\":" + base::go_json_string(issuer_url_);
  member(out, "sub", base::go_json_string(oauth2::encode_subject(s.claims.user_id, s.connector_id)));
  member(out, "aud", audience_json(audience->aud));
  member(out, "exp", std::to_string(base::unix_seconds(expiry)));
  member(out, "iat", std::to_string(base::unix_seconds(issued_at)));
  if (!audience->azp.empty()) member(out, "azp", base::go_json_string(audience->azp));
  if (!s.nonce.empty()) member(out, "nonce", base::go_json_string(s.nonce));
  if (!access_token.empty()) member(out, "at_hash", base::go_json_string(jose::oidc_token_hash(alg, access_token)));
  if (!code.empty()) member(out, "c_hash", base::go_json_string(jose::oidc_token_hash(alg, code)));

  bool email = oauth2::has_scope(s.scopes, oauth2::kScopeEmail);
  bool groups = oauth2::has_scope(s.scopes, oauth2::kScopeGroups);
  bool profile = oauth2::has_scope(s.scopes, oauth2::kScopeProfile);
  bool federated = oauth2::has_scope(s.scopes, oauth2::kScopeFederatedId);
  if (email && !s.claims.email.empty()) member(out, "email", base::go_json_string(s.claims.email));
  if (email) member(out, "email_verified", s.claims.email_verified ? "true" : "false");
  if (groups && !s.claims.groups.empty()) {
    std::string list = "[";
    for (size_t i = 0; i < s.claims.groups.size(); ++i) {
      if (i > 0) list += ',';
      list += base::go_json_string(s.claims.groups[i]);
    }
    member(out, "groups", list + "]");
  }
  if (profile && !s.claims.username.empty()) member(out, "name", base::go_json_string(s.claims.username));
  if (profile && !s.claims.preferred_username.empty())
    member(out, "preferred_username", base::go_json_string(s.claims.preferred_username));
  if (federated) {
    std::string fc = "{";
    if (!s.connector_id.empty()) fc += "\"connector_id\":" + base::go_json_string(s.connector_id);
    if (!s.claims.user_id.empty()) {
      if (fc.size() > 1) fc += ',';
      fc += "\"user_id\":" + base::go_json_string(s.claims.user_id);
    }
    member(out, "federated_claims", fc + "}");
  }
  return out + "}";
}

oauth2::Result<Minted> JwtMinter::id_token(const TokenSubject& subject, std::string_view access_token,
                                           std::string_view code) const {
  base::Time issued_at = clock_.now();
  base::Time expiry = issued_at + id_token_ttl_;
  auto claims = claims_json(subject, access_token, code, issued_at, expiry);
  if (!claims) return std::unexpected(claims.error());
  auto jwt = signer_.sign(*claims);
  if (!jwt) return std::unexpected(oauth2::server_error("sign token: " + jwt.error().message));
  return Minted{std::move(*jwt), expiry};
}

oauth2::Result<Minted> JwtMinter::access_token(const TokenSubject& subject) const {
  // dex's access token is an ID token whose at_hash covers a fresh random value, so each differs.
  return id_token(subject, base::new_id(), "");
}

}  // namespace dexcc::server::tokens
