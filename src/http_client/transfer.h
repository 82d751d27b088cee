// Internal to http_client: one request and its response on a libcurl easy handle, with the
// Client's TLS material, limits and the proxy already chosen. Redirects are the caller's business.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <optional>
#include <string>

#include "http_client/client.h"
#include "http_client/error.h"
#include "http_client/message.h"
#include "http_client/tls_material.h"

namespace dexcc::http_client::detail {

struct Exchange {
  Response response;
  std::string redirect_url;  // the absolute target of a 3xx's Location, else empty
};

// Why `request` must not be sent (a method or header that would break the request head), or
// nullopt when it is fine.
std::optional<std::string> request_problem(const Request& request);

// `proxy` nullopt connects directly; libcurl's own proxy environment variables never apply.
Result<Exchange> transfer(CURL* handle, const ClientOptions& options, const TlsMaterial& tls,
                          const Request& request, const std::optional<std::string>& proxy,
                          std::chrono::milliseconds time_left);

}  // namespace dexcc::http_client::detail
