// Redirect URL assembly and the approval HMAC.
#include "server/auth/redirect.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/base64.h"
#include "base/url.h"

namespace dexcc::server::auth {
// Both split the URI where Go's url.Parse does (base::split_url): the fragment after the first '#',
// the query after the first '?' before it. The parts are kept as written.
std::string with_query(std::string_view uri, const Params& params) {
  base::UrlPieces p = base::split_url(uri);
  http::Values values = http::parse_query(p.query.value_or("")).values;
  for (const auto& [k, v] : params) values.set(k, v);
  std::string out = std::string(p.before_query) + "?" + values.encode();
  if (p.fragment) out += "#" + std::string(*p.fragment);
  return out;
}

std::string with_fragment(std::string_view uri, const Params& params) {
  base::UrlPieces p = base::split_url(uri);
  http::Values values;
  for (const auto& [k, v] : params) values.set(k, v);
  std::string out(p.before_query);
  if (p.query) out += "?" + std::string(*p.query);
  return out + "#" + values.encode();
}

void add_state(Params& params, const std::string& state) {
  if (!state.empty()) params.emplace_back("state", state);
}

http::Response see_other(std::string_view location) { return http::Response::redirect(303, location); }

std::string approval_mac(std::string_view hmac_key, std::string_view auth_request_id) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), hmac_key.data(), static_cast<int>(hmac_key.size()),
       reinterpret_cast<const unsigned char*>(auth_request_id.data()), auth_request_id.size(), mac, &len);
  return base::base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

}  // namespace dexcc::server::auth
