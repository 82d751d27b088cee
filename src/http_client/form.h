// Request-body and credential encodings the connectors' token calls need, with Go's exact bytes
// (url.Values.Encode and golang.org/x/oauth2's Basic client authentication).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dexcc::http_client {

// Name/value pairs; a name may repeat (url.Values holds a list per key).
using FormValues = std::vector<std::pair<std::string, std::string>>;

// url.Values.Encode: "a=1&b=x+y", names sorted bytewise, each name and value url.QueryEscape'd
// (base/query_escape.h), a repeated name's values in the order given.
std::string form_encode(const FormValues& values);

// The Authorization header value for client_secret_basic as golang.org/x/oauth2 sends it: both
// halves query-escaped before base64 (RFC 6749 §2.3.1), so an id or secret with ':' or '%' reaches
// the provider intact.
std::string basic_auth(std::string_view client_id, std::string_view client_secret);

}  // namespace dexcc::http_client
