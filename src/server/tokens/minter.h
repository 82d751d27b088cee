// TokenMinter: what the flows and grants need to mint dex's tokens, declared by its consumers so
// they do not depend on how signing works. The JWT implementation lives beside it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "oauth2/error.h"
#include "storage/entities.h"

namespace dexcc::server::tokens {

// Who a token is for and what it says (dex's newIDToken arguments).
struct TokenSubject {
  std::string client_id;
  storage::Claims claims;
  std::vector<std::string> scopes;
  std::string nonce;
  std::string connector_id;
};

struct Minted {
  std::string token;
  base::Time expiry;
};

class TokenMinter {
 public:
  virtual ~TokenMinter() = default;
  // An ID token; a non-empty `access_token` / `code` adds at_hash / c_hash.
  virtual oauth2::Result<Minted> id_token(const TokenSubject& subject, std::string_view access_token,
                                          std::string_view code) const = 0;
  // An access token: dex's ID-token-shaped JWT whose at_hash covers a fresh random value.
  virtual oauth2::Result<Minted> access_token(const TokenSubject& subject) const = 0;
};

}  // namespace dexcc::server::tokens
