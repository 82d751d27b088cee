// JSON Web Keys (RFC 7517/7518 §6): import of RSA and EC keys, export in go-jose's member order.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "jose/error.h"
#include "jose/key.h"

namespace dexcc::jose {

// A key with the JWK members dex keeps beside it.
struct Jwk {
  Key key;
  std::string kid;  // dex: 40 hex characters (20 random bytes)
  std::string alg;  // "RS256", "ES256", or empty
  std::string use;  // "sig", or empty
};

// Reads one JWK with go-jose's rules: kty RSA (n, e; private when d is present, then p and q are
// required and dp, dq, qi optional, computed when absent and checked when present) or EC on P-256
// or P-384 (x, y and d of exactly the curve's size, the point on the curve, d matching it).
// Members that are null count as absent; x5c and other members are ignored. Unsupported key
// types and curves (oct, OKP, P-521, ...) fail with kUnsupported, broken ones with kMalformed.
Result<Jwk> parse_jwk(std::string_view json_text);
// The same for an already parsed JSON value.
Result<Jwk> jwk_from_json(const nlohmann::json& object);

// {"keys":[...]} as upstream providers publish it. Keys of types or curves we cannot use are
// skipped (they can only sign with algorithms we refuse anyway); a malformed key fails the set.
Result<std::vector<Jwk>> parse_jwk_set(std::string_view json_text);

// The public JWK exactly as go-jose marshals it (members in this order, empty ones left out):
// use, kty, kid, crv, alg, x, y, n, e. dex serves these at /keys and stores them as verification
// keys; serialise with base::go_json_dump to get dex's bytes.
Result<nlohmann::ordered_json> jwk_public_json(const Jwk& jwk);
// The private JWK as go-jose marshals it, for dex's storage record: the public members, then d
// (and for RSA p, q, dp, dq, qi). Fails with kKeyMismatch for a public key.
Result<nlohmann::ordered_json> jwk_private_json(const Jwk& jwk);

}  // namespace dexcc::jose
