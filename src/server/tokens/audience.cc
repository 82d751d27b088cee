// Audience assembly with dex's trust re-check at mint time.
#include "server/tokens/audience.h"

#include <algorithm>

#include "base/go_json.h"
#include "oauth2/scopes.h"
#include "server/peers.h"

namespace dexcc::server::tokens {

oauth2::Result<Audience> token_audience(const std::string& client_id, const std::vector<std::string>& scopes,
                                        storage::ClientStore* trust_check) {
  Audience out;
  for (const auto& scope : scopes) {
    if (!scope.starts_with(oauth2::kScopeCrossClientPrefix)) continue;
    std::string peer = scope.substr(oauth2::kScopeCrossClientPrefix.size());
    if (trust_check) {
      auto trusted = peer_trusts(*trust_check, client_id, peer);
      if (!trusted) return std::unexpected(oauth2::server_error("validate cross client trust: " + trusted.error().message));
      if (!*trusted) return std::unexpected(oauth2::server_error("peer (" + peer + ") does not trust client"));
    }
    out.aud.push_back(std::move(peer));
  }
  if (out.aud.empty()) {
    out.aud.push_back(client_id);
  } else {
    if (std::find(out.aud.begin(), out.aud.end(), client_id) == out.aud.end()) out.aud.push_back(client_id);
    out.azp = client_id;
  }
  return out;
}

std::string audience_json(const std::vector<std::string>& aud) {
  if (aud.size() == 1) return base::go_json_string(aud[0]);
  std::string out = "[";
  for (size_t i = 0; i < aud.size(); ++i) {
    if (i > 0) out += ',';
    out += base::go_json_string(aud[i]);
  }
  return out + "]";
}

}  // namespace dexcc::server::tokens
