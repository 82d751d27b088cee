// Upstream ID token verification as go-oidc's IDTokenVerifier does it (issuer, audience, expiry,
// not-before, algorithm, signature), plus the nonce of the login that asked for it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "connector/connector.h"
#include "connector/oidc/key_set.h"
#include "jose/algorithm.h"

namespace dexcc::connector::oidc {

struct IdTokenRules {
  std::string issuer;     // the configured issuer, or issuerAlias when set
  std::string client_id;  // must be in "aud" unless skip_audience
  bool skip_audience = false;
  std::vector<jose::Algorithm> algorithms;  // from discovery
  std::string nonce;                        // when not empty, the token's "nonce" must equal it
};

// The checks on the decoded payload, in go-oidc's order; returns the claims. go-oidc allows a
// 5 minute skew on nbf and none on exp.
Result<nlohmann::json> check_id_token_claims(std::string_view payload, const IdTokenRules& rules,
                                             base::Time now);

// Parses `raw`, checks its claims and algorithm, then its signature against `keys`.
Result<nlohmann::json> verify_id_token(std::string_view raw, const IdTokenRules& rules,
                                       const RemoteKeySet& keys, base::Time now);

}  // namespace dexcc::connector::oidc
