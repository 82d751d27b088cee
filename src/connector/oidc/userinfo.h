// The upstream userinfo call (OpenID Connect Core §5.3) as go-oidc's Provider.UserInfo makes it:
// a Bearer GET, 200 required, a signed (application/jwt) answer verified against the provider's keys.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "connector/connector.h"
#include "connector/oidc/key_set.h"
#include "http_client/client.h"

namespace dexcc::connector::oidc {

Result<nlohmann::json> fetch_userinfo(const http_client::Client& client, const std::string& url,
                                      const std::string& access_token, const RemoteKeySet& keys);

}  // namespace dexcc::connector::oidc
