// Fuzz target: what upstream providers send the oidc and oauth connectors: discovery documents,
// token responses (JSON and form-encoded, any status), ID token claims, connector data, userinfo.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "connector/oauth/identity.h"
#include "connector/oidc/claims.h"
#include "connector/oidc/connector_data.h"
#include "connector/oidc/discovery.h"
#include "connector/oidc/id_token.h"
#include "connector/upstream/token.h"

using namespace dexcc::connector;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // The first byte picks the status and media type, so both token formats and refusals are reached.
  int status = size > 0 && (data[0] & 1) ? 400 : 200;
  std::string_view type =
      size > 0 && (data[0] & 2) ? "application/x-www-form-urlencoded" : "application/json";
  auto token = upstream::parse_token_response(status, type, in);
  if (token && token->access_token.empty()) std::abort();  // x/oauth2 refuses that

  if (auto m = oidc::parse_discovery(in, "https://idp.example", false)) {
    if (m->issuer != "https://idp.example" || m->algorithms.empty()) std::abort();
    (void)oidc::pick_pkce_method("", *m);
  }
  (void)oidc::parse_discovery(in, "", true);

  oidc::IdTokenRules rules{.issuer = "https://idp.example", .client_id = "app", .nonce = "n"};
  if (auto claims = oidc::check_id_token_claims(in, rules, dexcc::base::from_unix_seconds(1'700'000'000))) {
    if ((*claims)["iss"] != "https://idp.example" || (*claims)["nonce"] != "n") std::abort();
    oidc::ClaimRules mapping{.insecure_enable_groups = true, .allowed_groups = {"a"}, .groups_key = "roles"};
    mapping.new_group_from_claims.push_back(
        {.claims = {"org", "team"}, .delimiter = ":", .clear_delimiter = true});
    (void)oidc::map_claims(*claims, mapping);
    (void)oauth::identity_from_userinfo(*claims, in, {}, true);
  }

  if (auto login = oidc::decode_login_data(in)) {
    auto again = oidc::decode_login_data(oidc::encode_login_data(*login));
    if (!again || again->nonce != login->nonce || again->code_verifier != login->code_verifier) std::abort();
  }
  if (auto refresh = oidc::decode_refresh_data(in)) {
    if (oidc::decode_refresh_data(oidc::encode_refresh_data(*refresh)) != *refresh) std::abort();
  }
  return 0;
}
