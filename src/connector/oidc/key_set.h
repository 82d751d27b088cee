// RemoteKeySet: an upstream provider's signing keys, fetched from its jwks_uri on first use and
// fetched again when a token's signature matches none of them (key rotation), at most once per
// refetch interval so that tokens with made-up key IDs cannot make us hammer the provider.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "connector/connector.h"
#include "http_client/client.h"
#include "jose/jwk.h"
#include "jose/jws.h"

namespace dexcc::connector::oidc {

// Whether one of `keys` verifies `jws`: keys with the token's kid (every key when it has none),
// whose own "alg" (when set) is the token's and whose type suits it.
bool verified_by_any(const jose::Jws& jws, const std::vector<jose::Jwk>& keys);

class RemoteKeySet {
 public:
  static constexpr base::Duration kRefetchInterval = std::chrono::seconds(10);

  RemoteKeySet(std::string jwks_uri, const http_client::Client& client, const base::Clock& clock)
      : jwks_uri_(std::move(jwks_uri)), client_(client), clock_(clock) {}

  // "failed to verify id token signature" when no key (after at most one refetch) verifies it.
  Result<void> verify(const jose::Jws& jws) const;

 private:
  Result<std::vector<jose::Jwk>> fetch() const;

  std::string jwks_uri_;
  const http_client::Client& client_;
  const base::Clock& clock_;
  mutable std::mutex mu_;  // held across a fetch, so concurrent misses share one request
  mutable std::vector<jose::Jwk> keys_;
  mutable base::Time fetched_at_{};
  mutable bool fetched_ = false;
};

}  // namespace dexcc::connector::oidc
