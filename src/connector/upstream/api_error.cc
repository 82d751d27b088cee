// Go's status line texts and the "<status>: <body>" error of a refused call.
#include "connector/upstream/api_error.h"

#include <fmt/format.h>

#include "http/response.h"

namespace dexcc::connector::upstream {
namespace {

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

std::string go_status(int status) {
  std::string_view text = http::status_text(status);
  if (text.empty()) text = extra_status_text(status);
  return text.empty() ? fmt::format("{} status code {}", status, status) : fmt::format("{} {}", status, text);
}

std::string status_error(int status, std::string_view body) {
  constexpr size_t kMaxBody = 512;
  std::string line = go_status(status);
  if (body.size() > kMaxBody) return fmt::format("{}: {}...", line, body.substr(0, kMaxBody));
  return fmt::format("{}: {}", line, body);
}

}  // namespace dexcc::connector::upstream
