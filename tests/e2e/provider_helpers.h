// Helpers for the end-to-end tests of connectors whose provider is a local fake (google,
// microsoft, openshift, linkedin): the two browser legs around the provider's consent step, and
// the environment that routes dexcc's calls to fixed public hosts through a TunnelProxy.
#pragma once

#include <fstream>

#include "flow_helpers.h"
#include "support/temp_dir.h"

namespace dexcc::testing::flow {

// GET /auth/{connector} for the app client; the provider URL dexcc redirects to (empty if none).
inline std::string provider_url(const DexccInstance& dex, const std::string& connector,
                                const std::string& scope) {
  HttpResult r = fetch(dex, "GET", dex.path("/auth/" + connector) + "?" + auth_query({.scope = scope}));
  return is_redirect(r) ? location(r) : std::string();
}

// Back from the provider: GET the callback URL it sent the browser to, then on to the client.
inline HttpResult return_from_provider(const DexccInstance& dex, const std::string& callback_url) {
  return follow(dex, fetch(dex, "GET", callback_url));
}

// Writes `text` to `name` in `dir`; returns the path.
inline std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// dexcc's environment for a provider on fixed hosts: HTTPS through the tunnel, trusting only the
// fake's test CA (SSL_CERT_FILE replaces the system roots, as Go's SSL_CERT_FILE does).
inline std::vector<std::string> tunnel_env(const std::string& proxy_url, const std::string& ca_file) {
  return {"HTTPS_PROXY=" + proxy_url, "SSL_CERT_FILE=" + ca_file, "NO_PROXY=", "no_proxy="};
}

}  // namespace dexcc::testing::flow
