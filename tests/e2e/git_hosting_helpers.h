// The browser leg for connectors whose upstream is a fake provider (github, gitlab, ...): follows
// redirects between dexcc and the provider's authorize endpoint, which signs the user in at once.
#pragma once

#include "flow_helpers.h"
#include "http_client/client.h"

namespace dexcc::testing::flow {

// A client for the provider's side, trusting `ca_pem` when the provider speaks TLS; `connect_to`
// sends a provider's fixed host to a local port ("bitbucket.org:443:127.0.0.1:<port>").
inline http_client::Client provider_browser(const std::string& ca_pem = {},
                                            std::vector<std::string> connect_to = {}) {
  http_client::ClientOptions options;
  options.root_ca_pem = ca_pem;
  options.connect_to = std::move(connect_to);
  options.trust_system_roots = ca_pem.empty();
  return std::move(*http_client::Client::create(std::move(options)));
}

// From `start` on dexcc through the provider and back, until an answer that leaves dexcc for the
// client (the code) or an error page.
inline HttpResult browse_provider(const DexccInstance& dex, const http_client::Client& browser,
                                  const std::string& start) {
  HttpResult r = fetch(dex, "GET", start);
  for (int hop = 0; hop < 12 && is_redirect(r); ++hop) {
    std::string next = location(r);
    if (on_instance(dex, next)) {
      r = fetch(dex, "GET", next);
      continue;
    }
    if (next.starts_with("http://127.0.0.1:5555/")) return r;  // the client's redirect URI
    auto answer = browser.send(http_client::Request{.url = next});
    if (!answer || answer->status != 302) return HttpResult{};
    r = HttpResult{};
    r.status = 302;
    r.headers.emplace("location", std::string(answer->headers.get("Location").value_or("")));
  }
  return r;
}

// The config of a dexcc with the test client and one connector of `type` (its ID is the type) using
// the fakes' client credentials; `config_lines` are more of its config keys, indented four spaces.
inline std::string provider_dexcc_config(const std::string& type, const std::string& config_lines) {
  return "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() +
         "oauth2:\n  skipApprovalScreen: true\nconnectors:\n- type: " + type + "\n  id: " + type +
         "\n  name: " + type +
         "\n  config:\n    clientID: dex-client\n    clientSecret: dex-secret\n"
         "    redirectURI: \"{{ISSUER}}/callback\"\n" +
         config_lines;
}

// The start of a login through `connector` asking for every scope the connectors read.
inline std::string provider_login_start(const DexccInstance& dex, const std::string& connector) {
  return dex.path("/auth/" + connector) + "?" +
         auth_query({.scope = "openid email profile groups offline_access"});
}

struct ProviderTokens {
  TokenReply tokens;
  nlohmann::json claims;  // of the ID token; null when the login or the redemption failed
};

// A whole login through the provider, and the code redeemed by the test client.
inline ProviderTokens login_through_provider(DexccInstance& dex, const http_client::Client& browser,
                                             const std::string& connector) {
  ProviderTokens out;
  HttpResult r = browse_provider(dex, browser, provider_login_start(dex, connector));
  std::string code = code_of(r);
  if (code.empty()) {
    ADD_FAILURE() << "no code: " << r.status << " " << location(r) << r.body << dex.process().output();
    return out;
  }
  out.tokens = redeem(dex, code, {"app", "app-secret"});
  if (out.tokens.status() != 200) {
    ADD_FAILURE() << "redeem: " << out.tokens.http.body;
    return out;
  }
  out.claims = claims_of(out.tokens.str("id_token"));
  return out;
}

}  // namespace dexcc::testing::flow
