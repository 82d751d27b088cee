// TokenVerifier: checks a JWT dexcc issued (signature by one of the published keys, issuer,
// expiry), for /userinfo and /token/introspect. The audience is not checked, as in dex.
#pragma once

#include <nlohmann/json.hpp>

#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "signer/signer.h"

namespace dexcc::server::tokens {

struct VerifiedToken {
  std::string payload;  // the claims JSON exactly as signed
  nlohmann::json claims;
};

class TokenVerifier {
 public:
  TokenVerifier(std::string issuer_url, const signer::Signer& signer, const base::Clock& clock);
  // The reason on failure is for logs only.
  std::expected<VerifiedToken, std::string> verify(std::string_view jwt) const;

 private:
  struct Prepared;
  // Verifiers for the signer's current key set, built once per key change: preparing an OpenSSL
  // verification context costs about as much as an RS256 verification itself.
  std::shared_ptr<const Prepared> prepared(std::shared_ptr<const signer::KeySet> keys) const;

  std::string issuer_url_;
  const signer::Signer& signer_;
  const base::Clock& clock_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const Prepared> prepared_;
};

// Whether `token` is shaped like a JWT (three segments, JSON header); no checks of any kind.
bool looks_like_jwt(std::string_view token);

}  // namespace dexcc::server::tokens
