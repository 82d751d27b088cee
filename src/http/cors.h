// CORS as dex applies it (gorilla/handlers v1.5.2 with AllowedOrigins and AllowedHeaders only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/headers.h"

namespace dexcc::http {

struct CorsPolicy {
  // web.allowedOrigins; containing "*" collapses it to {"*"}. Empty means CORS is off.
  std::vector<std::string> origins;
  // Canonicalised web.allowedHeaders plus the four default simple headers.
  std::vector<std::string> allowed_headers;

  static CorsPolicy from_config(const std::vector<std::string>& origins, const std::vector<std::string>& headers);
  bool enabled() const { return !origins.empty(); }
};

struct CorsDecision {
  bool call_handler = true;  // false: answer with `status` and an empty body
  int status = 200;
  Headers add;  // headers to add to the response either way
};

// Decides one request: `method`, and the request's Origin, Access-Control-Request-Method (with
// whether it was present at all) and Access-Control-Request-Headers values.
CorsDecision decide_cors(const CorsPolicy& policy, std::string_view method, const Headers& request_headers);

}  // namespace dexcc::http
