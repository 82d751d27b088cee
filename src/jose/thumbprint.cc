// JWK thumbprint from the key's public JWK members.
#include "jose/thumbprint.h"

#include "base/base64.h"
#include "jose/digest.h"
#include "jose/jwk.h"

namespace dexcc::jose {

Result<std::string> jwk_thumbprint(const Key& key) {
  auto jwk = jwk_public_json(Jwk{key, "", "", ""});
  if (!jwk) return std::unexpected(jwk.error());
  // Member values are base64url or fixed names, so no JSON escaping is needed (RFC 7638 §3.3).
  auto member = [&](const char* name) { return (*jwk)[name].get<std::string>(); };
  std::string input = key.type() == KeyType::kRsa
                          ? R"({"e":")" + member("e") + R"(","kty":"RSA","n":")" + member("n") + R"("})"
                          : R"({"crv":")" + member("crv") + R"(","kty":"EC","x":")" + member("x") +
                                R"(","y":")" + member("y") + R"("})";
  return base::base64url_encode(digest(Hash::kSha256, input));
}

}  // namespace dexcc::jose
