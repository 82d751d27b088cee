// Building an upstream connector's HTTP client from its config.
#include "connector/upstream/client.h"

#include "http_client/root_ca.h"

namespace dexcc::connector::upstream {

base::Result<http_client::Client> make_client(const std::vector<std::string>& root_cas,
                                              bool insecure_skip_verify) {
  http_client::ClientOptions options;
  if (!root_cas.empty()) {
    auto pem = http_client::root_cas_from_entries(root_cas);
    if (!pem) return std::unexpected(pem.error());
    options.root_ca_pem = std::move(*pem);
  }
  options.insecure_skip_verify = insecure_skip_verify;
  options.max_response_bytes = kMaxUpstreamResponse;
  // Go's http.Client follows redirects, and dex's connectors use it as it is.
  options.follow_redirects = true;
  return http_client::Client::create(std::move(options));
}

}  // namespace dexcc::connector::upstream
