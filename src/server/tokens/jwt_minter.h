// JwtMinter: dex's ID tokens and access tokens as signed JWTs with dex's claims per scope
// (reference dex-server.md §5.3), byte for byte in dex's claim order.
#pragma once

#include <string>

#include "server/tokens/minter.h"
#include "signer/signer.h"
#include "storage/storage.h"

namespace dexcc::server::tokens {

class JwtMinter final : public TokenMinter {
 public:
  JwtMinter(std::string issuer_url, const signer::Signer& signer, storage::ClientStore& clients,
            const base::Clock& clock, base::Duration id_token_ttl);

  oauth2::Result<Minted> id_token(const TokenSubject& subject, std::string_view access_token,
                                  std::string_view code) const override;
  oauth2::Result<Minted> access_token(const TokenSubject& subject) const override;

  // The claims JSON (exposed for tests).
  oauth2::Result<std::string> claims_json(const TokenSubject& subject, std::string_view access_token,
                                          std::string_view code, base::Time issued_at, base::Time expiry) const;

 private:
  std::string issuer_url_;
  const signer::Signer& signer_;
  storage::ClientStore& clients_;
  const base::Clock& clock_;
  base::Duration id_token_ttl_;
};

}  // namespace dexcc::server::tokens
