// Building the client redirects of the authorization flow: query parameters merged into the
// redirect URI (code flow, errors) or a fragment (implicit and hybrid), encoded as Go's url.Values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/form.h"
#include "http/response.h"

namespace dexcc::server::auth {

using Params = std::vector<std::pair<std::string, std::string>>;

// `uri` with `params` set in its query (existing parameters kept, keys sorted), fragment kept.
std::string with_query(std::string_view uri, const Params& params);
// `uri` with its fragment replaced by `params` (keys sorted).
std::string with_fragment(std::string_view uri, const Params& params);

// Adds the client's `state` unless it is empty. RFC 6749 §4.1.2 returns state only when the request
// had one; dex v2.45.1 always adds `state=`, which clients that sent none reject (openid-client with
// PKCE and no state; dex issue #4157). Once stored, an empty state cannot be told from none.
void add_state(Params& params, const std::string& state);

// 303 See Other, as dex answers every step of the browser flow.
http::Response see_other(std::string_view location);

// The approval URL's MAC: base64url_nopad(HMAC-SHA256(key, auth request ID)) (dex v2.45.1).
std::string approval_mac(std::string_view hmac_key, std::string_view auth_request_id);

}  // namespace dexcc::server::auth
