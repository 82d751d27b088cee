// Helpers for the connector tests that run a second dexcc as the upstream provider: its config,
// and a "browser" that follows redirects across both instances and fills the upstream's login form.
#pragma once

#include "flow_helpers.h"

namespace dexcc::testing::flow {

// The upstream: a public client "downstream" (so that any loopback callback is accepted) that
// still authenticates with its secret "down-secret", and the password user admin@example.com
// (also through the password grant).
inline std::string upstream_dexcc_config() {
  return std::string(R"(storage:
  type: memory
staticClients:
- id: downstream
  secret: down-secret
  public: true
  name: Downstream
oauth2:
  skipApprovalScreen: true
  passwordConnector: local
)") + kPasswordDbYaml;
}

// A dexcc on memory storage with the "app" client, the mock connector and an oidc connector `id`
// on `issuer` (client "dexcc", secret "secret").
inline std::string oidc_downstream_config(const std::string& id, const std::string& issuer) {
  return "storage:\n  type: memory\nstaticClients:\n" + app_client_yaml() + R"(oauth2:
  skipApprovalScreen: true
connectors:
- type: mockCallback
  id: mock
  name: Example
- type: oidc
  id: )" + id + R"(
  name: )" + id + R"(
  config:
    issuer: )" + issuer + R"(
    clientID: dexcc
    clientSecret: secret
    redirectURI: "{{ISSUER}}/callback"
)";
}

// The upstream's `sub` for admin@example.com.
inline std::string upstream_admin_subject() {
  return subject("08a8684b-db88-4b73-90a9-3cd1661f5466", "local");
}

// Starts at `start` on the downstream and follows redirects on either instance, submitting the
// upstream's password form once with `password`, until an answer that leaves both (the client's
// redirect) or a page that is not the login form.
inline HttpResult browse_two(const DexccInstance& downstream, const DexccInstance& upstream,
                             const std::string& start, const std::string& password = "password") {
  HttpResult r = fetch(downstream, "GET", start);
  const DexccInstance* last = &downstream;
  bool submitted = false;
  for (int hop = 0; hop < 16; ++hop) {
    if (is_redirect(r)) {
      std::string next = location(r);
      if (on_instance(upstream, next)) {
        last = &upstream;
      } else if (on_instance(downstream, next)) {
        last = &downstream;
      } else {
        return r;
      }
      r = fetch(*last, "GET", next);
    } else if (r.status == 200 && last == &upstream && !submitted && !forms(r.body).empty()) {
      submitted = true;
      r = fetch(upstream, "POST", forms(r.body)[0].action,
                encode({{"login", "admin@example.com"}, {"password", password}}));
    } else {
      return r;
    }
  }
  return r;
}

}  // namespace dexcc::testing::flow
