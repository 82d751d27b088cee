// JWS compact serialization (RFC 7515 §7.1): parsing and signature verification.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "jose/algorithm.h"
#include "jose/digest_context.h"
#include "jose/error.h"
#include "jose/key.h"

namespace dexcc::jose {

// Larger tokens are refused before any decoding. Upstream ID tokens with many groups reach tens
// of KiB; nothing legitimate comes near this.
constexpr size_t kMaxCompactSize = 256 * 1024;

// A compact JWS that parsed, not yet verified.
struct Jws {
  Algorithm alg;
  std::string kid;            // empty when the header has none
  nlohmann::json header;      // the whole protected header
  std::string payload;        // decoded
  std::string signature;      // decoded
  std::string signing_input;  // "<header>.<payload>" as received: what the signature covers
};

// Parses BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature). Refuses: other
// segment counts, padding or characters outside base64url, an empty header or signature, a
// header that is not a JSON object, a missing or non-string "alg", "alg":"none" and every
// algorithm we do not verify, a non-string "kid", and any "crit" header (we implement no
// extensions, so RFC 7515 §4.1.11 says reject). Never throws.
Result<Jws> parse_compact(std::string_view token);

// Checks the signature with `key`. The header's alg must suit the key (RS*/PS* need RSA, ES256
// P-256, ES384 P-384): kKeyMismatch otherwise, kBadSignature when it does not verify.
Result<void> verify_signature(const Jws& jws, const Key& key);

// A key ready to verify one algorithm again and again (dexcc's own tokens at /userinfo and
// introspection). Thread-safe; move-only.
class JwsVerifier {
 public:
  static Result<JwsVerifier> create(Key key, Algorithm alg);

  // Fails with kKeyMismatch when the token's alg is not this verifier's.
  Result<void> verify(const Jws& jws) const;

  const Key& key() const { return key_; }
  Algorithm algorithm() const { return context_.algorithm(); }

 private:
  JwsVerifier(Key key, detail::DigestContext context) : key_(std::move(key)), context_(std::move(context)) {}

  Key key_;
  detail::DigestContext context_;
};

}  // namespace dexcc::jose
