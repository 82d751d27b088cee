// JSON and form shortcuts over Client::send.
#include "http_client/calls.h"

#include <algorithm>
#include <cctype>

namespace dexcc::http_client {

Result<nlohmann::json> get_json(const Client& client, std::string_view url, Headers headers) {
  if (!headers.contains("Accept")) headers.add("Accept", "application/json");
  auto response = client.send(Request{"GET", std::string(url), std::move(headers), ""});
  if (!response) return std::unexpected(std::move(response.error()));
  if (auto success = require_success(*response); !success) return std::unexpected(std::move(success.error()));
  return decode_json(*response);
}

Result<Response> post_form(const Client& client, std::string_view url, const FormValues& values,
                           Headers headers) {
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return client.send(Request{"POST", std::string(url), std::move(headers), form_encode(values)});
}

std::expected<void, Error> require_success(const Response& response) {
  if (response.ok()) return {};
  auto error = fail(ErrorKind::kStatus, response.method, response.url,
                    "unexpected status " + std::to_string(response.status));
  error.error().status = response.status;
  return error;
}

Result<nlohmann::json> decode_json(const Response& response) {
  auto json = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return fail(ErrorKind::kDecode, response.method, response.url, "response body is not valid JSON");
  }
  return json;
}

bool has_json_content_type(const Response& response) {
  std::string_view value = response.headers.get("Content-Type").value_or("");
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  std::string media_type(value);
  std::ranges::transform(media_type, media_type.begin(), [](unsigned char c) { return std::tolower(c); });
  return media_type == "application/json" ||
         (media_type.find('/') != std::string::npos && media_type.ends_with("+json"));
}

}  // namespace dexcc::http_client
