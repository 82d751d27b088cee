// Shortcuts for the calls connectors make most: JSON GETs, form POSTs to token endpoints, and turning
// a response into an error when the caller needs success.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "http_client/client.h"
#include "http_client/form.h"

namespace dexcc::http_client {

// GET `url` with Accept: application/json; a non-2xx answer is kStatus, a body that is not JSON is
// kDecode. Use Client::send when the error body matters (dex shows GitHub's, for one).
Result<nlohmann::json> get_json(const Client& client, std::string_view url, Headers headers = {});

// POST `values` form-encoded (Go's url.Values.Encode). Any status is returned: an OAuth2 token
// endpoint answers 400 with a JSON error body the caller reads.
Result<Response> post_form(const Client& client, std::string_view url, const FormValues& values,
                           Headers headers = {});

// kStatus naming the status (never the body) unless `response` is 2xx.
std::expected<void, Error> require_success(const Response& response);

// The body parsed as JSON, or kDecode (naming the request, never quoting the body).
Result<nlohmann::json> decode_json(const Response& response);

// Whether Content-Type is application/json or a "+json" type, parameters ignored.
bool has_json_content_type(const Response& response);

}  // namespace dexcc::http_client
