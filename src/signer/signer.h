// The signer module: the keys dexcc signs tokens with, their rotation, and the published key set
// (reference dex-server.md §5.1-5.2, §1.7). It depends on jose/ and storage/ only.
//
// Beyond dex: the key that will sign next is generated one rotation period ahead and published in
// /keys from then on, so a relying party that refreshed its JWKS cache never meets an unknown kid
// (dex issues #2759, #1148).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "jose/algorithm.h"
#include "jose/jwk.h"

namespace dexcc::signer {

// The public keys as /keys serves them, built once per key change.
struct KeySet {
  std::string jwks_json;        // {"keys":[...]} pretty-printed as dex prints it
  std::vector<jose::Jwk> keys;  // signing key first, then verification keys in storage order
  jose::Algorithm algorithm = jose::Algorithm::kRS256;  // of the current signing key
};

class Signer {
 public:
  virtual ~Signer() = default;
  // A compact JWS of `payload` with the current key; fails when there is no key yet.
  virtual base::Result<std::string> sign(std::string_view payload) const = 0;
  // The algorithm tokens are signed with now (at_hash and c_hash follow it).
  virtual jose::Algorithm algorithm() const = 0;
  // The current key set; null before the first key exists.
  virtual std::shared_ptr<const KeySet> key_set() const = 0;
};

}  // namespace dexcc::signer
