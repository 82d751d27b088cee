// Internal to http_client: a failed libcurl transfer turned into an Error that names its kind and
// never repeats a secret (libcurl's own messages may quote the URL or the proxy string).
#pragma once

#include <curl/curl.h>

#include <optional>
#include <string>
#include <string_view>

#include "http_client/error.h"
#include "http_client/message.h"

namespace dexcc::http_client::detail {

struct TransferFailure {
  CURLcode code = CURLE_OK;
  std::string_view curl_message;   // CURLOPT_ERRORBUFFER, may be empty
  bool body_too_large = false;     // our write callback stopped the transfer
  bool headers_too_large = false;  // our header callback stopped it
  size_t max_body_bytes = 0;
  size_t max_header_bytes = 0;
  const std::string* proxy = nullptr;  // the proxy URL in use, if any
  long proxy_connect_status = 0;       // the proxy's answer to CONNECT (CURLINFO_HTTP_CONNECTCODE)
};

Error describe_failure(const Request& request, const TransferFailure& failure);

// `text` with every appearance of `url` replaced by its redacted form, and of its userinfo, query
// and fragment removed on their own.
std::string scrub(std::string text, std::string_view url);

}  // namespace dexcc::http_client::detail
