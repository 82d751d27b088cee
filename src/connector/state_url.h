// The callback URL a connector that needs no upstream redirect sends the browser to.
#pragma once

#include <string>
#include <string_view>

namespace dexcc::connector {

// `url` with `state` set in its query, the query re-encoded as Go's url.Values does (dex's mock
// and authproxy connectors build their redirects this way).
std::string url_with_state(std::string_view url, std::string_view state);

}  // namespace dexcc::connector
