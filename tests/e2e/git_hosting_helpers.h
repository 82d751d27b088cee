// The browser leg for connectors whose upstream is a fake provider (github, gitlab, ...): follows
// redirects between dexcc and the provider's authorize endpoint, which signs the user in at once.
#pragma once

#include "flow_helpers.h"
#include "http_client/client.h"

namespace dexcc::testing::flow {

// A client for the provider's side, trusting `ca_pem` when the provider speaks TLS.
inline http_client::Client provider_browser(const std::string& ca_pem = {}) {
  http_client::ClientOptions options;
  options.root_ca_pem = ca_pem;
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

}  // namespace dexcc::testing::flow
