// Client: options checked once, then per request the proxy choice, a pooled handle, the transfer,
// and (when enabled) the redirect loop under one total deadline.
#include "http_client/client.h"

#include <utility>

#include "http_client/handle_pool.h"
#include "http_client/redirect.h"
#include "http_client/tls_material.h"
#include "http_client/transfer.h"

namespace dexcc::http_client {

struct Client::Impl {
  ClientOptions options;
  ProxyRules proxy_rules;
  std::shared_ptr<const detail::TlsMaterial> tls;
  // Last: its handles are cleaned up before the TLS material they point at goes away.
  detail::HandlePool pool;

  Impl(ClientOptions options_in, std::shared_ptr<const detail::TlsMaterial> tls_in)
      : options(std::move(options_in)),
        proxy_rules(options.proxy_env ? *options.proxy_env : ProxyEnv::from_process()),
        tls(std::move(tls_in)),
        pool(options.max_idle_handles) {}
};

base::Result<Client> Client::create(ClientOptions options) {
  if (options.connect_timeout.count() <= 0 || options.total_timeout.count() <= 0) {
    return base::fail("http client: timeouts must be positive");
  }
  if (options.max_response_bytes == 0 || options.max_header_bytes == 0) {
    return base::fail("http client: size limits must be positive");
  }
  auto tls = detail::TlsMaterial::create(options.root_ca_pem, options.trust_system_roots,
                                         options.client_cert_pem, options.client_key_pem);
  if (!tls) return base::fail("http client: " + tls.error());
  return Client(std::make_unique<Impl>(std::move(options), std::move(*tls)));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

const ClientOptions& Client::options() const {
  return impl_->options;
}

Result<Response> Client::send(const Request& request) const {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + impl_->options.total_timeout;
  if (auto problem = detail::request_problem(request)) {
    return fail(ErrorKind::kInvalidRequest, request.method, request.url, *problem);
  }
  const Request* current = &request;
  Request redirected;
  for (int redirects = 0;; ++redirects) {
    auto proxy = impl_->proxy_rules.proxy_for(current->url);
    if (!proxy) return fail(ErrorKind::kProxy, current->method, current->url, proxy.error());
    auto time_left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    detail::HandlePool::Lease handle = impl_->pool.acquire();
    if (handle.get() == nullptr) {
      return fail(ErrorKind::kInternal, current->method, current->url, "cannot create a libcurl handle");
    }
    auto exchange = detail::transfer(handle.get(), impl_->options, *impl_->tls, *current, *proxy, time_left);
    if (!exchange) return std::unexpected(std::move(exchange.error()));
    if (!impl_->options.follow_redirects) return std::move(exchange->response);
    auto next = detail::redirected_request(*current, exchange->response.status, exchange->redirect_url);
    if (!next) return std::move(exchange->response);
    if (redirects == detail::kMaxRedirects) {
      return fail(ErrorKind::kTooManyRedirects, request.method, request.url,
                  "stopped after " + std::to_string(detail::kMaxRedirects) + " redirects");
    }
    redirected = std::move(*next);
    current = &redirected;
  }
}

}  // namespace dexcc::http_client
