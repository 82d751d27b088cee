// Fetching and decoding an upstream's userinfo answer.
#include "connector/oidc/userinfo.h"

#include <fmt/format.h>

#include "base/text.h"
#include "jose/jws.h"

namespace dexcc::connector::oidc {

Result<nlohmann::json> fetch_userinfo(const http_client::Client& client, const std::string& url,
                                      const std::string& access_token, const RemoteKeySet& keys) {
  if (url.empty()) return failed("oidc: user info endpoint is not supported by this provider");
  http_client::Request request{.url = url, .headers = {{"Authorization", "Bearer " + access_token}}};
  auto response = client.send(request);
  if (!response) return failed(response.error().message);
  if (response->status != 200)
    return failed(fmt::format("oidc: userinfo answered status {}", response->status));
  std::string body = std::move(response->body);
  std::string_view type = response->headers.get("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  while (type.ends_with(' ')) type.remove_suffix(1);
  if (base::ascii_iequals(type, "application/jwt")) {
    // Only the signature is checked, as go-oidc does: the claims are the ID token's business.
    auto jws = jose::parse_compact(body);
    if (!jws || !keys.verify(*jws)) return failed("oidc: invalid userinfo jwt signature");
    body = std::move(jws->payload);
  }
  nlohmann::json claims = nlohmann::json::parse(body, nullptr, false);
  if (claims.is_discarded() || !claims.is_object())
    return failed("oidc: failed to decode userinfo: not a JSON object");
  return claims;
}

}  // namespace dexcc::connector::oidc
