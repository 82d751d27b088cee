// Key rotation steps over stored keys, and the stored signing key's format.
#include "signer/rotation.h"

#include <nlohmann/json.hpp>

#include "base/random.h"
#include "base/secret_string.h"

namespace dexcc::signer {
namespace {

// The key that signs next travels inside the signing key's private JWK under this member. go-jose
// (and so dex, sharing the database) ignores unknown members, and the private JWK is never served.
constexpr const char* kNextMember = "x-dexcc-next";

base::Result<std::string> public_text(const jose::Jwk& jwk) {
  auto j = jose::jwk_public_json(jwk);
  if (!j) return base::fail("export public key: " + j.error().message);
  return j->dump();
}

base::Result<base::SecretString> signing_text(const jose::Jwk& current, const std::optional<jose::Jwk>& next) {
  auto j = jose::jwk_private_json(current);
  if (!j) return base::fail("export private key");
  if (next) {
    auto n = jose::jwk_private_json(*next);
    if (!n) return base::fail("export private key");
    (*j)[kNextMember] = std::move(*n);
  }
  base::SecretString text = j->dump();
  base::wipe_json(*j);
  return text;
}

// Removes the verification entry of key `kid` (an early publication of a pending key).
void unpublish(std::vector<storage::VerificationKey>& keys, const std::string& kid) {
  std::erase_if(keys, [&](const storage::VerificationKey& k) {
    auto parsed = jose::parse_jwk(k.public_key);
    return parsed && parsed->kid == kid;
  });
}

// Makes the key that signs next and stores it inside the signing key; it is published from now
// until one ID token lifetime past its turn (when it starts signing, that entry gives way to the
// signing key's own).
base::Result<void> add_next(storage::Keys& keys, const jose::Jwk& current, const RotationPolicy& policy,
                            const KeyGenerator& generate) {
  auto next = generate(policy.algorithm);
  if (!next) return base::fail(next.error().message);
  auto signing = signing_text(current, *next);
  auto pub = public_text(*next);
  if (!signing || !pub) return base::fail("export keys");
  keys.signing_key = std::move(*signing);
  keys.verification_keys.push_back({std::move(*pub), keys.next_rotation + policy.id_token_ttl});
  return {};
}

}  // namespace

base::Result<jose::Jwk> generate_signing_key(jose::Algorithm alg) {
  auto key = alg == jose::Algorithm::kES256 ? jose::Key::generate_ec(jose::Curve::kP256) : jose::Key::generate_rsa(2048);
  if (!key) return base::fail("generate signing key: " + key.error().message);
  // dex's kid: 20 random bytes in hex.
  return jose::Jwk{std::move(*key), base::hex_encode(base::random_bytes(20)), std::string(jose::algorithm_name(alg)), "sig"};
}

base::Result<StoredSigningKey> parse_signing_key(const std::string& text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return base::fail("stored signing key is not JSON");
  base::WipeJsonOnExit wipe(json);  // the members are the private key's
  std::optional<jose::Jwk> next;
  if (auto it = json.find(kNextMember); it != json.end()) {
    auto parsed = jose::jwk_from_json(*it);
    if (parsed && parsed->key.has_private()) next = std::move(*parsed);
    base::wipe_json(*it);
    json.erase(it);
  }
  auto current = jose::jwk_from_json(json);
  if (!current) return base::fail("stored signing key: " + current.error().message);
  if (!current->key.has_private()) return base::fail("stored signing key has no private part");
  return StoredSigningKey{std::move(*current), std::move(next)};
}

jose::Algorithm algorithm_of(const jose::Jwk& jwk) {
  if (auto alg = jose::parse_algorithm(jwk.alg)) return *alg;
  return jwk.key.type() == jose::KeyType::kEc ? jose::Algorithm::kES256 : jose::Algorithm::kRS256;
}

RotationStep rotation_step(const storage::Keys& keys, base::Time now) {
  if (keys.signing_key.empty() || now >= keys.next_rotation) return RotationStep::kRotate;
  auto parsed = parse_signing_key(keys.signing_key);
  return parsed && !parsed->next ? RotationStep::kAddNext : RotationStep::kNothing;
}

base::Result<std::optional<storage::Keys>> rotate_keys(storage::Keys keys, base::Time now,
                                                       const RotationPolicy& policy, NextKey next,
                                                       const KeyGenerator& generate) {
  RotationStep step = rotation_step(keys, now);
  if (step == RotationStep::kNothing) return std::nullopt;
  std::optional<StoredSigningKey> stored;
  if (!keys.signing_key.empty()) {
    auto parsed = parse_signing_key(keys.signing_key);
    if (parsed) stored = std::move(*parsed);
  }
  if (step == RotationStep::kAddNext) {
    if (auto added = add_next(keys, stored->current, policy, generate); !added) return std::unexpected(added.error());
    return keys;
  }

  std::erase_if(keys.verification_keys, [&](const storage::VerificationKey& k) { return k.expiry < now; });
  std::optional<jose::Jwk> promoted;
  if (stored) {
    // The retired key stays published as long as tokens it signed are valid.
    keys.verification_keys.push_back({keys.signing_key_pub, now + policy.id_token_ttl});
    if (stored->next && algorithm_of(*stored->next) == policy.algorithm) {
      promoted = std::move(stored->next);
    } else if (stored->next) {
      // The algorithm changed: the pending key will never sign, so stop publishing it.
      unpublish(keys.verification_keys, stored->next->kid);
    }
  }
  if (!promoted) {
    auto fresh = generate(policy.algorithm);
    if (!fresh) return std::unexpected(fresh.error());
    promoted = std::move(*fresh);
  }
  // The promoted key's early publication becomes the signing key's own entry.
  unpublish(keys.verification_keys, promoted->kid);
  auto promoted_pub = public_text(*promoted);
  if (!promoted_pub) return std::unexpected(promoted_pub.error());
  keys.signing_key_pub = std::move(*promoted_pub);
  keys.next_rotation = now + policy.rotation_period;
  if (next == NextKey::kGenerate) {
    if (auto added = add_next(keys, *promoted, policy, generate); !added) return std::unexpected(added.error());
    return keys;
  }
  auto signing = signing_text(*promoted, std::nullopt);
  if (!signing) return std::unexpected(signing.error());
  keys.signing_key = std::move(*signing);
  return keys;
}

}  // namespace dexcc::signer
