// The signing-key rotation plan as pure functions over the stored keys (reference dex-server.md
// §5.1): when to rotate, and what the keys look like afterwards. New keys come from an injected
// generator, so every step is tested with fixed keys and a given time.
//
// The stored signing key carries the key that signs next inside its private JWK (`x-dexcc-next`);
// that key is published among the verification keys one rotation period before it signs.
//
//   step      when                                        what changes
//   rotate    no signing key, or now >= next_rotation     drop expired verification keys; publish
//                                                         the retired key until now + id token TTL;
//                                                         the next key (or a fresh one) signs;
//                                                         a fresh next key is published
//   add next  the signing key has no next key (dex wrote  a fresh next key, published until the
//             it, or a first start deferred it)           rotation after next_rotation + TTL
//   nothing   otherwise
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "jose/algorithm.h"
#include "jose/jwk.h"
#include "storage/entities.h"

namespace dexcc::signer {

struct RotationPolicy {
  base::Duration rotation_period = std::chrono::hours(6);
  base::Duration id_token_ttl = std::chrono::hours(24);  // how long a retired key stays published
  jose::Algorithm algorithm = jose::Algorithm::kRS256;
};

// Makes a new private signing key with a kid.
using KeyGenerator = std::function<base::Result<jose::Jwk>(jose::Algorithm)>;
// RSA-2048 or P-256 from OpenSSL, with dex's kid (20 random bytes in hex).
base::Result<jose::Jwk> generate_signing_key(jose::Algorithm algorithm);

enum class RotationStep { kNothing, kAddNext, kRotate };

// What the stored keys need at `now`.
RotationStep rotation_step(const storage::Keys& keys, base::Time now);

// Whether a rotation also makes the key that signs after it. A first start defers it, so the
// server answers before a second key is generated; the next check adds it.
enum class NextKey { kGenerate, kDefer };

// The keys after the step that `keys` (as read inside the atomic update) needs at `now`; nullopt
// when it needs none (another replica got there first).
base::Result<std::optional<storage::Keys>> rotate_keys(storage::Keys keys, base::Time now,
                                                       const RotationPolicy& policy, NextKey next,
                                                       const KeyGenerator& generate);

// The stored signing key: the key that signs now and, when it has one, the key that signs next.
struct StoredSigningKey {
  jose::Jwk current;
  std::optional<jose::Jwk> next;
};
base::Result<StoredSigningKey> parse_signing_key(const std::string& text);

// The algorithm a stored key signs with (its "alg", else what its key type implies).
jose::Algorithm algorithm_of(const jose::Jwk& jwk);

}  // namespace dexcc::signer
