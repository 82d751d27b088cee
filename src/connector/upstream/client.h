// The outbound HTTP client of the OAuth2-style connectors (oidc, oauth), as dex's pkg/httpclient
// builds it from rootCAs and insecureSkipVerify.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "http_client/client.h"

namespace dexcc::connector::upstream {

// Upstream answers are small (discovery, keys, tokens, userinfo): more than this is refused, so a
// hostile or broken provider cannot make a worker buffer gigabytes. golang.org/x/oauth2 reads at
// most 1 MiB of a token response too.
inline constexpr size_t kMaxUpstreamResponse = 1 << 20;

base::Result<http_client::Client> make_client(const std::vector<std::string>& root_cas,
                                              bool insecure_skip_verify);

}  // namespace dexcc::connector::upstream
