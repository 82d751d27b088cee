// The OpenID provider metadata the oidc connector reads at open time (OpenID Connect Discovery
// 1.0 §3), with go-oidc's checks, and dex's providerDiscoveryOverrides applied on top.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connector/connector.h"
#include "connector/oidc/config.h"
#include "jose/algorithm.h"

namespace dexcc::connector::oidc {

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint, token_endpoint, jwks_uri;
  std::string userinfo_endpoint, device_authorization_endpoint, end_session_endpoint;
  // id_token_signing_alg_values_supported, kept to the algorithms we verify; RS256 when the
  // document names none we know (go-oidc's default).
  std::vector<jose::Algorithm> algorithms;
  std::vector<std::string> code_challenge_methods;  // code_challenge_methods_supported
};

// `{issuer without a trailing slash}/.well-known/openid-configuration`.
std::string discovery_url(std::string_view issuer);

// Parses the document. Unless `skip_issuer_check` (dex's issuerAlias), its "issuer" must equal
// `issuer` byte for byte: "oidc: issuer did not match the issuer returned by provider, expected
// \"a\" got \"b\"". Members of the wrong JSON type fail the document, as Go's decoder does.
Result<ProviderMetadata> parse_discovery(std::string_view body, std::string_view issuer,
                                         bool skip_issuer_check);

// The overrides that are set replace the discovered endpoints.
void apply_overrides(ProviderMetadata& metadata, const DiscoveryOverrides& overrides);

// The PKCE method to use: the configured one, else S256 or plain as the provider advertises
// them (S256 preferred), else none (empty).
std::string pick_pkce_method(const std::string& configured, const ProviderMetadata& metadata);

}  // namespace dexcc::connector::oidc
