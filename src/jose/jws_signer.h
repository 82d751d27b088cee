// jose::JwsSigner: a private key ready to sign payloads into compact JWS, dex's token format.
#pragma once

#include <string>
#include <string_view>

#include "jose/algorithm.h"
#include "jose/digest_context.h"
#include "jose/error.h"
#include "jose/key.h"

namespace dexcc::jose {

// Holds the key, the prepared OpenSSL context and the encoded protected header, so one sign()
// is one copy of the context, one base64url pass over the payload and the signature itself.
// Thread-safe; move-only (share it with a shared_ptr<const JwsSigner>).
class JwsSigner {
 public:
  // The protected header is written as go-jose writes dex's: {"alg":"RS256","kid":"<kid>"},
  // members sorted, no "typ"; an empty kid is left out. A non-empty `typ` is added last (the
  // service-account assertions Google's token endpoint takes carry "typ":"JWT").
  static Result<JwsSigner> create(Key private_key, Algorithm alg, std::string kid, std::string_view typ = {});

  // BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature).
  Result<std::string> sign(std::string_view payload) const;

  Algorithm algorithm() const { return context_.algorithm(); }
  const std::string& kid() const { return kid_; }
  const Key& key() const { return key_; }

 private:
  JwsSigner(Key key, std::string kid, std::string header_prefix, detail::DigestContext context)
      : key_(std::move(key)),
        kid_(std::move(kid)),
        header_prefix_(std::move(header_prefix)),
        context_(std::move(context)) {}

  Key key_;
  std::string kid_;
  std::string header_prefix_;  // BASE64URL(header) "."
  detail::DigestContext context_;
};

}  // namespace dexcc::jose
