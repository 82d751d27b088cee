// JWS signature algorithms (RFC 7518 §3) dexcc signs or verifies, and what each needs.
#pragma once

#include <optional>
#include <string_view>

namespace dexcc::jose {

// dex signs with RS256 (ES256 as an option); upstream providers also use the others.
// "none" and the HMAC algorithms are deliberately absent: no token with them is ever accepted.
enum class Algorithm { kRS256, kRS384, kRS512, kPS256, kES256, kES384 };

enum class KeyType { kRsa, kEc };
enum class Curve { kNone, kP256, kP384 };

std::string_view algorithm_name(Algorithm alg);
// The JWS "alg" value; nullopt for anything else, "none" included.
std::optional<Algorithm> parse_algorithm(std::string_view name);

KeyType algorithm_key_type(Algorithm alg);
// The curve an ES* algorithm requires; kNone for RSA algorithms.
Curve algorithm_curve(Algorithm alg);
// OpenSSL's digest name ("SHA256", ...) for the algorithm's hash.
const char* algorithm_digest(Algorithm alg);
bool algorithm_is_pss(Algorithm alg);

// JWK "crv" names; nullopt for curves we do not support.
std::string_view curve_name(Curve curve);
std::optional<Curve> parse_curve(std::string_view name);
// Bytes of one coordinate, of the private scalar, and of r and s in a JWS ECDSA signature.
size_t curve_size(Curve curve);

}  // namespace dexcc::jose
