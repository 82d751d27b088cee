// Grant: one OAuth2 grant type behind /token (STYLE #4). The dispatcher does the shared phases
// (method, form, grant type, client authentication); each grant validates its own parameters and
// mints its tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"
#include "oauth2/error.h"
#include "storage/entities.h"

namespace dexcc::server::grants {

struct GrantRequest {
  const http::Request& http;
  const http::Values& body;        // the POST body's values only (Go's PostForm)
  const storage::Client* client;   // the authenticated client; null for grants without client auth
};

// A successful token response, in dex's field order.
struct TokenResponse {
  std::string access_token;
  std::string issued_token_type;  // token exchange only
  std::string token_type = "bearer";
  long long expires_in = 0;       // omitted when 0
  std::string refresh_token;
  std::string id_token;
  // The device grant answers with the JSON stored at approval time, verbatim.
  std::optional<std::string> stored_json;

  std::string to_json() const;
};

class Grant {
 public:
  virtual ~Grant() = default;
  virtual std::string_view type() const = 0;
  // The device-code poll and its legacy endpoint are the only unauthenticated grants.
  virtual bool authenticates_client() const { return true; }
  virtual oauth2::Result<TokenResponse> exchange(const GrantRequest& request) const = 0;
};

}  // namespace dexcc::server::grants
