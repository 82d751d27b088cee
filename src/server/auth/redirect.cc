// Redirect URL assembly and the approval HMAC.
#include "server/auth/redirect.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/base64.h"

namespace dexcc::server::auth {
namespace {

struct UriParts {
  std::string_view base, query, fragment;
  bool has_query = false, has_fragment = false;
};

UriParts split(std::string_view uri) {
  UriParts p;
  size_t hash = uri.find('#');
  if (hash != std::string_view::npos) {
    p.fragment = uri.substr(hash + 1);
    p.has_fragment = true;
    uri = uri.substr(0, hash);
  }
  size_t q = uri.find('?');
  if (q != std::string_view::npos) {
    p.query = uri.substr(q + 1);
    p.has_query = true;
    uri = uri.substr(0, q);
  }
  p.base = uri;
  return p;
}

}  // namespace

std::string with_query(std::string_view uri, const Params& params) {
  UriParts p = split(uri);
  http::Values values = http::parse_query(p.query).values;
  for (const auto& [k, v] : params) values.set(k, v);
  std::string out = std::string(p.base) + "?" + values.encode();
  if (p.has_fragment) out += "#" + std::string(p.fragment);
  return out;
}

std::string with_fragment(std::string_view uri, const Params& params) {
  UriParts p = split(uri);
  http::Values values;
  for (const auto& [k, v] : params) values.set(k, v);
  std::string out(p.base);
  if (p.has_query) out += "?" + std::string(p.query);
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
