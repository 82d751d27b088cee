// dex's REST GET of the git hosting connectors, with its error wording.
#include "connector/upstream/api_get.h"

#include <fmt/format.h>

#include "http/response.h"

namespace dexcc::connector::upstream {
namespace {

constexpr size_t kBodyInError = 1024;

// Go's StatusText for the codes the server side never sends (http::status_text has the rest).
std::string_view extra_status_text(int status) {
  switch (status) {
    case 402: return "Payment Required";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 414: return "Request URI Too Long";
    case 416: return "Requested Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 451: return "Unavailable For Legal Reasons";
    case 505: return "HTTP Version Not Supported";
    case 506: return "Variant Also Negotiates";
    case 507: return "Insufficient Storage";
    case 508: return "Loop Detected";
    case 510: return "Not Extended";
    case 511: return "Network Authentication Required";
    default: return "";
  }
}

}  // namespace

http_client::Headers bearer_headers(const std::string& access_token) {
  return http_client::Headers{{"Authorization", "Bearer " + access_token}};
}

std::string go_status(int status) {
  std::string_view text = http::status_text(status);
  if (text.empty()) text = extra_status_text(status);
  return text.empty() ? fmt::format("{} status code {}", status, status) : fmt::format("{} {}", status, text);
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
