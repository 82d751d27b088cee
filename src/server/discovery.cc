// Discovery document and JWKS endpoint.
#include "server/discovery.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace dexcc::server {

std::vector<std::string> supported_grant_types(const std::vector<std::string>& configured_grants,
                                               const std::vector<std::string>& response_types,
                                               bool has_password_connector) {
  std::set<std::string> candidates = {"authorization_code", "refresh_token",
                                      "urn:ietf:params:oauth:grant-type:device_code",
                                      "urn:ietf:params:oauth:grant-type:token-exchange", "client_credentials"};
  for (const auto& rt : response_types) {
    if (rt.find("token") != std::string::npos && rt != "id_token") {
      // "token" as a whole word: any type that issues an access token from /auth.
      if (rt == "token" || rt.starts_with("token ") || rt.ends_with(" token") || rt.find(" token ") != std::string::npos)
        candidates.insert("implicit");
    }
  }
  if (has_password_connector) candidates.insert("password");
  std::vector<std::string> out;
  for (const auto& g : configured_grants) {
    if (candidates.contains(g) && std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Discovery::Discovery(const Issuer& issuer, DiscoveryOptions options, const signer::Signer& signer)
    : issuer_(issuer), options_(std::move(options)), signer_(signer) {
  std::sort(options_.response_types.begin(), options_.response_types.end());
}

std::shared_ptr<const std::string> Discovery::document() const {
  jose::Algorithm alg = signer_.algorithm();
  std::lock_guard lock(mu_);
  if (cached_ && cached_alg_ == alg) return cached_;
  nlohmann::ordered_json d;
  d["issuer"] = issuer_.url;
  d["authorization_endpoint"] = issuer_.absolute("/auth");
  d["token_endpoint"] = issuer_.absolute("/token");
  d["jwks_uri"] = issuer_.absolute("/keys");
  d["userinfo_endpoint"] = issuer_.absolute("/userinfo");
  d["device_authorization_endpoint"] = issuer_.absolute("/device/code");
  d["introspection_endpoint"] = issuer_.absolute("/token/introspect");
  d["grant_types_supported"] = options_.grant_types;
  d["response_types_supported"] = options_.response_types;
  d["subject_types_supported"] = {"public"};
  d["id_token_signing_alg_values_supported"] = {std::string(jose::algorithm_name(alg))};
  d["code_challenge_methods_supported"] = options_.pkce_methods;
  d["scopes_supported"] = {"openid", "email", "groups", "profile", "offline_access"};
  d["token_endpoint_auth_methods_supported"] = {"client_secret_basic", "client_secret_post"};
  d["claims_supported"] = {"iss",   "sub",   "aud",           "iat",    "exp", "email", "email_verified",
                           "locale", "name", "preferred_username", "at_hash"};
  cached_ = std::make_shared<const std::string>(d.dump(2));
  cached_alg_ = alg;
  return cached_;
}

void Discovery::mount(http::Router& router) const {
  http::RouteOptions cheap{.cors = true, .runs_inline = true};
  router.handle(
      "/.well-known/openid-configuration",
      [this](const http::Request&) { return http::Response::json(200, *document()); }, cheap);
  router.handle(
      "/keys",
      [this](const http::Request&) {
        auto keys = signer_.key_set();
        if (!keys || keys->keys.empty()) {
          return http::Response::html(500, "<!DOCTYPE html><title>Internal Server Error</title>"
                                           "<p>Internal server error.</p>\n");
        }
        http::Response r = http::Response::json(200, keys->jwks_json);
        // The next signing key is published a whole rotation period ahead, so a ten-minute cache
        // can never miss a key that tokens are signed with.
        r.headers.set("Cache-Control", "max-age=600, must-revalidate");
        return r;
      },
      cheap);
}

}  // namespace dexcc::server
