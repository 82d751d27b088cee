// dex's REST GET of the git hosting connectors, with its error wording.
#include "connector/upstream/api_get.h"

#include <fmt/format.h>

#include "connector/upstream/api_error.h"

namespace dexcc::connector::upstream {
namespace {

constexpr size_t kBodyInError = 1024;

}  // namespace

http_client::Headers bearer_headers(const std::string& access_token) {
  return http_client::Headers{{"Authorization", "Bearer " + access_token}};
}


Result<ApiAnswer> api_get(const http_client::Client& client, const std::string& url,
                          const std::string& access_token, std::string_view prefix) {
  auto response = client.send(http_client::Request{.url = url, .headers = bearer_headers(access_token)});
  if (!response) return failed(fmt::format("{}: get URL {}", prefix, response.error().message));
  if (response->status != 200) {
    std::string_view body = response->body;
    return failed(fmt::format("{}: {}", go_status(response->status), body.substr(0, kBodyInError)));
  }
  nlohmann::json json = nlohmann::json::parse(response->body, nullptr, false);
  if (json.is_discarded()) return failed("failed to decode response: invalid JSON");
  return ApiAnswer{std::move(json), std::move(response->headers)};
}

}  // namespace dexcc::connector::upstream
