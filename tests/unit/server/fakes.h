// Test doubles for the server module: pages that describe themselves in plain text, a token minter
// that makes readable fake tokens, a signer with fixed keys, and a fixture with memory storage,
// clients and connectors.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "base/bcrypt.h"
#include "connector/manager.h"
#include "http/router.h"
#include "jose/jwk.h"
#include "jose/jws_signer.h"
#include "server/auth/flow.h"
#include "signer/signer.h"
#include "storage/memory/memory.h"
#include "storage/static.h"

namespace dexcc::server::testing {

class FakePages : public auth::Pages {
 public:
  http::Response login(const http::Request&, const std::vector<auth::ConnectorChoice>& cs) const override {
    std::string body = "login";
    for (const auto& c : cs) body += "|" + c.id + "=" + c.url;
    return http::Response::html(200, body);
  }
  http::Response password(const http::Request&, const auth::PasswordForm& f, int status) const override {
    return http::Response::html(status, "password|" + f.post_url + "|" + f.username + "|" + f.username_prompt + "|" +
                                            (f.invalid ? "invalid" : "valid") + "|back=" + f.back_link);
  }
  http::Response approval(const http::Request&, const auth::ApprovalForm& f) const override {
    return http::Response::html(200, "approval|" + f.user + "|" + f.client_name + "|" + f.auth_request_id);
  }
  http::Response oob(const http::Request&, const std::string& code) const override {
    return http::Response::html(200, "oob|" + code);
  }
  http::Response error(const http::Request&, int status, const std::string& message) const override {
    return http::Response::html(status, "error|" + message);
  }
  http::Response device(const http::Request&, const auth::DeviceForm& f, int status) const override {
    return http::Response::html(status, "device|" + f.post_url + "|" + f.user_code + "|" + (f.invalid ? "invalid" : "valid"));
  }
  http::Response device_success(const http::Request&, const std::string& client_name) const override {
    return http::Response::html(200, "device_success|" + client_name);
  }
  http::Response auto_post(const http::Request&, const std::string& action,
                           const std::vector<std::pair<std::string, std::string>>&) const override {
    return http::Response::html(200, "post|" + action);
  }
};

class FakeMinter : public tokens::TokenMinter {
 public:
  explicit FakeMinter(const base::Clock& clock) : clock_(clock) {}
  oauth2::Result<tokens::Minted> id_token(const tokens::TokenSubject& s, std::string_view access_token,
                                          std::string_view code) const override {
    return tokens::Minted{"idtoken." + s.client_id + "." + s.claims.user_id + ".at=" + std::string(access_token) +
                              ".c=" + std::string(code),
                          clock_.now() + std::chrono::hours(24)};
  }
  oauth2::Result<tokens::Minted> access_token(const tokens::TokenSubject& s) const override {
    return tokens::Minted{"access." + s.client_id, clock_.now() + std::chrono::hours(24)};
  }

 private:
  const base::Clock& clock_;
};

// The reference's example subject (dex-server.md §5.4): user kTestUser on connector "local".
constexpr char kTestIssuer[] = "https://dex.example/dex";
constexpr char kTestUser[] = "08a8684b-db88-4b73-90a9-3cd1661f5466";
constexpr char kTestSub[] = "CiQwOGE4Njg0Yi1kYjg4LTRiNzMtOTBhOS0zY2QxNjYxZjU0NjYSBWxvY2Fs";

// Kilgore Trout asking `client` for a token with `scopes`, every claim filled in.
inline tokens::TokenSubject test_subject(std::vector<std::string> scopes, std::string client = "app") {
  return tokens::TokenSubject{.client_id = std::move(client),
                              .claims = {.user_id = kTestUser,
                                         .username = "Kilgore Trout",
                                         .preferred_username = "kilgore",
                                         .email = "kilgore@kilgore.trout",
                                         .email_verified = true,
                                         .groups = {"authors", "sci-fi"}},
                              .scopes = std::move(scopes),
                              .connector_id = "local"};
}

// "&pad0=&pad1=&...": `count` more parameters to append to a query or form body, to bring a
// request to the parameter limit (http::kMaxParameters) or one over it.
inline std::string padding_parameters(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += "&pad" + std::to_string(i) + "=";
  return out;
}

// Runs `req` through `router` as the HTTP server does: route match, then the route's wrappers.
inline http::Response route(const http::Router& router, http::Request req) {
  const http::Route* found = router.match(req);
  return router.serve(found, req);
}

// A signer with one fixed key per kind, made once per process (RSA generation is slow), so token
// tests need neither storage nor rotation. use() switches algorithm and key as a rotation would;
// clear() leaves it with no key at all.
class FixedSigner : public signer::Signer {
 public:
  explicit FixedSigner(jose::Algorithm alg = jose::Algorithm::kRS256) { use(alg); }

  void use(jose::Algorithm alg) {
    static const jose::Key rsa = *jose::Key::generate_rsa(2048);
    static const jose::Key p256 = *jose::Key::generate_ec(jose::Curve::kP256);
    bool ec = alg == jose::Algorithm::kES256;
    jose::Jwk jwk{ec ? p256 : rsa, ec ? "ec-test-key" : "rsa-test-key", std::string(jose::algorithm_name(alg)), "sig"};
    signer_ = std::make_shared<const jose::JwsSigner>(*jose::JwsSigner::create(jwk.key, alg, jwk.kid));
    auto set = std::make_shared<signer::KeySet>();
    set->algorithm = alg;
    nlohmann::ordered_json jwks;
    jwks["keys"] = nlohmann::ordered_json::array();
    jwks["keys"].push_back(*jose::jwk_public_json(jwk));
    set->jwks_json = jwks.dump(2);
    set->keys.push_back(jose::Jwk{*jwk.key.public_key(), jwk.kid, jwk.alg, jwk.use});
    set_ = std::move(set);
  }
  void clear() {
    signer_.reset();
    set_.reset();
  }
  const std::string& kid() const { return signer_->kid(); }

  // signer::Signer
  base::Result<std::string> sign(std::string_view payload) const override {
    if (!signer_) return base::fail("no key to sign payload with");
    auto token = signer_->sign(payload);
    if (!token) return base::fail(token.error().message);
    return std::move(*token);
  }
  jose::Algorithm algorithm() const override { return set_ ? set_->algorithm : jose::Algorithm::kRS256; }
  std::shared_ptr<const signer::KeySet> key_set() const override { return set_; }

 private:
  std::shared_ptr<const jose::JwsSigner> signer_;
  std::shared_ptr<const signer::KeySet> set_;
};

}  // namespace dexcc::server::testing
