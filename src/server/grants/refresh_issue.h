// Creating a refresh token for a new login (auth code, password and device grants; reference
// dex-server.md §3.3.4): one live token per user x connector x client, tracked in OfflineSessions.
#pragma once

#include <string>

#include "oauth2/error.h"
#include "server/grants/context.h"

namespace dexcc::server::grants {

struct NewRefresh {
  std::string client_id;
  std::string connector_id;
  storage::Claims claims;
  std::vector<std::string> scopes;
  std::string nonce;
  std::string connector_data;  // kept on the token (legacy field) and the offline session
};

// Stores the token, replaces the client's previous one in the user's offline session, and returns
// the wire value. On any failure the new token is removed again.
oauth2::Result<std::string> issue_refresh_token(storage::RefreshStore& tokens, storage::OfflineSessionStore& sessions,
                                                const base::Clock& clock, const NewRefresh& r);

// dex issues a refresh token only for offline_access with a connector that can refresh.
bool wants_refresh_token(const std::vector<std::string>& scopes, const connector::Opened& conn);

}  // namespace dexcc::server::grants
