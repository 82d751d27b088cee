// One GET against a provider's REST API as dex's github, gitlab, gitea and bitbucket connectors make
// it: the access token as a Bearer header, 200 required, the body decoded as JSON.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "connector/connector.h"
#include "http_client/client.h"

namespace dexcc::connector::upstream {

struct ApiAnswer {
  nlohmann::json body;
  http_client::Headers headers;  // for pagination (GitHub's Link)
};

// The Authorization header x/oauth2's client sends for a token ("Bearer <token>").
http_client::Headers bearer_headers(const std::string& access_token);

// dex's `get`: a failed exchange is "<prefix>: get URL <reason>", any status but 200 is Go's
// "<code> <reason phrase>: <body>" (the body cut to 1 KiB, so a log line stays a line), a body that
// is not JSON is "failed to decode response: <reason>".
Result<ApiAnswer> api_get(const http_client::Client& client, const std::string& url,
                          const std::string& access_token, std::string_view prefix);

}  // namespace dexcc::connector::upstream
