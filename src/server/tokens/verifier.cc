// Verification of dexcc's own tokens against the current key set.
#include "server/tokens/verifier.h"

#include "jose/jws.h"
#include "jose/jwt.h"

namespace dexcc::server::tokens {

TokenVerifier::TokenVerifier(std::string issuer_url, const signer::Signer& signer, const base::Clock& clock)
    : issuer_url_(std::move(issuer_url)), signer_(signer), clock_(clock) {}

std::expected<VerifiedToken, std::string> TokenVerifier::verify(std::string_view jwt) const {
  auto jws = jose::parse_compact(jwt);
  if (!jws) return std::unexpected("parse: " + jws.error().message);
  auto keys = signer_.key_set();
  if (!keys) return std::unexpected("no keys");
  bool verified = false;
  for (const auto& k : keys->keys) {
    if (!jws->kid.empty() && k.kid != jws->kid) continue;
    if (jose::verify_signature(*jws, k.key)) {
      verified = true;
      break;
    }
  }
  if (!verified) return std::unexpected("failed to verify token signature");
  auto claims = jose::parse_claims(jws->payload);
  if (!claims) return std::unexpected("claims: " + claims.error().message);
  jose::ClaimChecks checks{.now = clock_.now(), .issuer = issuer_url_};
  if (auto ok = jose::check_claims(*claims, checks); !ok) return std::unexpected(ok.error().message);
  return VerifiedToken{std::move(jws->payload), std::move(*claims)};
}

bool looks_like_jwt(std::string_view token) { return jose::parse_compact(token).has_value(); }

}  // namespace dexcc::server::tokens
