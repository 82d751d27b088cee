// jose::Error and Result: how every JOSE operation reports failure, as a value.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace dexcc::jose {

// What went wrong, for callers that branch on it: /userinfo answers 403 to any of these, a
// connector logs kBadSignature differently from kUnsupported, the signer treats kCrypto as fatal.
enum class ErrorKind {
  kMalformed,      // not well-formed: base64url, JSON, segment count, sizes, missing members
  kUnsupported,    // an algorithm ("none" included), key type, curve or header we do not handle
  kKeyMismatch,    // the key cannot make or check signatures of this algorithm
  kBadSignature,   // well-formed, but the signature does not verify
  kInvalidClaims,  // exp, nbf, iat, iss or aud rejected the token
  kCrypto,         // OpenSSL failed on input it should accept (out of memory, ...)
};

struct Error {
  ErrorKind kind = ErrorKind::kMalformed;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return std::unexpected(Error{kind, std::move(message)});
}

}  // namespace dexcc::jose
