// /.well-known/openid-configuration and /keys (reference dex-server.md §1.6-1.7): documents built
// once per key change, never per request.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "http/router.h"
#include "server/issuer.h"
#include "signer/signer.h"

namespace dexcc::server {

struct DiscoveryOptions {
  std::vector<std::string> grant_types;     // as served: sorted
  std::vector<std::string> response_types;  // oauth2.responseTypes, verbatim
  std::vector<std::string> pkce_methods;    // oauth2.pkce.codeChallengeMethodsSupported
};

// dex's grant_types_supported: the candidates the configuration makes possible, kept to those
// listed in oauth2.grantTypes, sorted.
std::vector<std::string> supported_grant_types(const std::vector<std::string>& configured_grants,
                                               const std::vector<std::string>& response_types,
                                               bool has_password_connector);

class Discovery {
 public:
  Discovery(const Issuer& issuer, DiscoveryOptions options, const signer::Signer& signer);
  void mount(http::Router& router) const;

  // The discovery document for the signer's current algorithm (cached per algorithm).
  std::shared_ptr<const std::string> document() const;

 private:
  const Issuer& issuer_;
  DiscoveryOptions options_;
  const signer::Signer& signer_;
  mutable std::mutex mu_;
  mutable jose::Algorithm cached_alg_ = jose::Algorithm::kRS256;
  mutable std::shared_ptr<const std::string> cached_;
};

}  // namespace dexcc::server
