// Verification of dexcc's own tokens against the current key set.
#include "server/tokens/verifier.h"

#include <optional>
#include <unordered_map>
#include <vector>

#include "jose/digest.h"
#include "jose/jws.h"
#include "jose/jwt.h"

namespace dexcc::server::tokens {

namespace {

// Enough for every client hitting /userinfo with a few live tokens; about 2 KB each.
constexpr size_t kMaxRemembered = 1024;

}  // namespace

struct TokenVerifier::Prepared {
  std::shared_ptr<const signer::KeySet> source;  // held, so the pointer compared below stays unique
  std::vector<std::optional<jose::JwsVerifier>> verifiers;  // per source->keys entry; empty if unusable

  // Tokens whose signature verified against this key set, by the SHA-256 of the whole token
  // (a keyed lookup an attacker cannot steer): relying parties send the same access token to
  // /userinfo and introspection again and again, and an ES256 verification costs ~130 µs.
  // A new key set starts empty; claims (exp) are still checked on every use.
  mutable std::mutex mu;
  mutable std::unordered_map<std::string, VerifiedToken> remembered;

  std::optional<VerifiedToken> recall(const std::string& digest) const {
    std::lock_guard lock(mu);
    auto it = remembered.find(digest);
    if (it == remembered.end()) return std::nullopt;
    return it->second;
  }
  void remember(std::string digest, const VerifiedToken& token) const {
    std::lock_guard lock(mu);
    if (remembered.size() >= kMaxRemembered) remembered.clear();
    remembered.emplace(std::move(digest), token);
  }
};

TokenVerifier::TokenVerifier(std::string issuer_url, const signer::Signer& signer, const base::Clock& clock)
    : issuer_url_(std::move(issuer_url)), signer_(signer), clock_(clock) {}

std::shared_ptr<const TokenVerifier::Prepared> TokenVerifier::prepared(std::shared_ptr<const signer::KeySet> keys) const {
  {
    std::lock_guard lock(mu_);
    if (prepared_ && prepared_->source == keys) return prepared_;
  }
  auto p = std::make_shared<Prepared>();
  for (const auto& k : keys->keys) {
    std::optional<jose::JwsVerifier> v;
    if (auto alg = jose::parse_algorithm(k.alg)) {
      if (auto made = jose::JwsVerifier::create(k.key, *alg)) v = std::move(*made);
    }
    p->verifiers.push_back(std::move(v));
  }
  p->source = std::move(keys);
  std::lock_guard lock(mu_);
  prepared_ = p;
  return p;
}

std::expected<VerifiedToken, std::string> TokenVerifier::verify(std::string_view jwt) const {
  jose::ClaimChecks checks{.now = clock_.now(), .issuer = issuer_url_};
  std::string digest = jose::digest(jose::Hash::kSha256, jwt);
  if (auto current = signer_.key_set()) {
    if (auto known = prepared(std::move(current))->recall(digest)) {
      if (auto ok = jose::check_claims(known->claims, checks); !ok) return std::unexpected(ok.error().message);
      return std::move(*known);
    }
  }
  auto jws = jose::parse_compact(jwt);
  if (!jws) return std::unexpected("parse: " + jws.error().message);
  auto keys = signer_.key_set();
  if (!keys) return std::unexpected("no keys");
  auto ready = prepared(std::move(keys));
  bool verified = false;
  for (size_t i = 0; i < ready->source->keys.size() && !verified; ++i) {
    const auto& k = ready->source->keys[i];
    if (!jws->kid.empty() && k.kid != jws->kid) continue;
    const auto& v = ready->verifiers[i];
    // A token whose alg differs from the key's own takes the unprepared path, as before.
    verified = v && v->algorithm() == jws->alg ? v->verify(*jws).has_value() : jose::verify_signature(*jws, k.key).has_value();
  }
  if (!verified) return std::unexpected("failed to verify token signature");
  auto claims = jose::parse_claims(jws->payload);
  if (!claims) return std::unexpected("claims: " + claims.error().message);
  if (auto ok = jose::check_claims(*claims, checks); !ok) return std::unexpected(ok.error().message);
  VerifiedToken token{std::move(jws->payload), std::move(*claims)};
  ready->remember(std::move(digest), token);
  return token;
}

bool looks_like_jwt(std::string_view token) { return jose::parse_compact(token).has_value(); }

}  // namespace dexcc::server::tokens
