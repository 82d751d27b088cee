// The audience of a token (reference dex-server.md §5.6): cross-client peers named by
// audience:server:client_id:<id> scopes, in scope order, then the requesting client.
#pragma once

#include <string>
#include <vector>

#include "oauth2/error.h"
#include "storage/storage.h"

namespace dexcc::server::tokens {

struct Audience {
  std::vector<std::string> aud;
  std::string azp;  // the requesting client whenever a cross-client audience was asked for
};

// Without a ClientStore the peers are taken as trusted (introspection of stored tokens, which were
// checked when issued). With one, a peer that no longer trusts the client fails the mint.
oauth2::Result<Audience> token_audience(const std::string& client_id, const std::vector<std::string>& scopes,
                                        storage::ClientStore* trust_check);

// JSON text of `aud`: a string when single, an array otherwise (dex's audience type).
std::string audience_json(const std::vector<std::string>& aud);

}  // namespace dexcc::server::tokens
