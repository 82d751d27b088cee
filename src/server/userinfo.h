// /userinfo and /token/introspect (reference dex-server.md §4): answers about tokens dexcc issued.
#pragma once

#include "http/router.h"
#include "server/grants/refresh_rotation.h"
#include "storage/storage.h"
#include "server/tokens/verifier.h"

namespace dexcc::server {

class TokenInfo {
 public:
  TokenInfo(std::string issuer_url, const tokens::TokenVerifier& verifier, storage::ClientStore& clients,
            storage::RefreshStore& refresh_tokens, const base::Clock& clock, grants::RefreshPolicy refresh_policy);
  void mount(http::Router& router) const;

  http::Response handle_userinfo(const http::Request& req) const;
  http::Response handle_introspect(const http::Request& req) const;

 private:
  http::Response introspect_access_token(const http::Request& req, const tokens::VerifiedToken& verified) const;
  http::Response introspect_refresh_token(const http::Request& req, std::string_view token) const;

  std::string issuer_url_;
  const tokens::TokenVerifier& verifier_;
  storage::ClientStore& clients_;
  storage::RefreshStore& refresh_tokens_;
  const base::Clock& clock_;
  grants::RefreshPolicy refresh_policy_;
};

}  // namespace dexcc::server
