// Upstream key fetching and signature checks for ID tokens and signed userinfo answers.
#include "connector/oidc/key_set.h"

#include <fmt/format.h>

#include "http_client/calls.h"

namespace dexcc::connector::oidc {

bool verified_by_any(const jose::Jws& jws, const std::vector<jose::Jwk>& keys) {
  for (const auto& jwk : keys) {
    if (!jws.kid.empty() && jwk.kid != jws.kid) continue;
    // The algorithm comes from the key, never from the token alone: a key published for RS256
    // does not verify a PS256 token, and an RSA key never an ES256 one.
    if (!jwk.alg.empty() && jwk.alg != jose::algorithm_name(jws.alg)) continue;
    if (!jwk.key.suits(jws.alg)) continue;
    if (jose::verify_signature(jws, jwk.key)) return true;
  }
  return false;
}

Result<std::vector<jose::Jwk>> RemoteKeySet::fetch() const {
  http_client::Request request{.url = jwks_uri_, .headers = {{"Accept", "application/json"}}};
  auto response = client_.send(request);
  if (!response) return failed(fmt::format("fetching keys {}", response.error().message));
  if (response->status != 200) {
    return failed(fmt::format("fetching keys oidc: get keys failed: status {}", response->status));
  }
  auto keys = jose::parse_jwk_set(response->body);
  if (!keys) return failed(fmt::format("oidc: failed to decode keys: {}", keys.error().message));
  return std::move(*keys);
}

Result<void> RemoteKeySet::verify(const jose::Jws& jws) const {
  std::lock_guard lock(mu_);
  if (fetched_ && verified_by_any(jws, keys_)) return {};
  base::Time now = clock_.now();
  if (!fetched_ || now - fetched_at_ >= kRefetchInterval) {
    auto keys = fetch();
    fetched_at_ = now;
    if (!keys) return std::unexpected(keys.error());
    keys_ = std::move(*keys);
    fetched_ = true;
    if (verified_by_any(jws, keys_)) return {};
  }
  return failed("failed to verify id token signature");
}

}  // namespace dexcc::connector::oidc
