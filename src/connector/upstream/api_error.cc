// Go's status line texts and the "<status>: <body>" error of a refused call.
#include "connector/upstream/api_error.h"

#include <fmt/format.h>

namespace dexcc::connector::upstream {
namespace {

std::string_view reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

}  // namespace

std::string status_error(int status, std::string_view body) {
  constexpr size_t kMaxBody = 512;
  std::string_view r = reason(status);
  std::string line = r.empty() ? std::to_string(status) : fmt::format("{} {}", status, r);
  if (body.size() > kMaxBody) return fmt::format("{}: {}...", line, body.substr(0, kMaxBody));
  return fmt::format("{}: {}", line, body);
}

}  // namespace dexcc::connector::upstream
