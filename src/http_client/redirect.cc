// Go's redirect method/body rules, and dropping credentials when a redirect leaves the host.
#include "http_client/redirect.h"

#include "base/text.h"
#include "http_client/url_parts.h"

namespace dexcc::http_client::detail {
namespace {

bool keeps_credentials(std::string_view from_url, std::string_view to_url) {
  auto from = parse_url(from_url);
  auto to = parse_url(to_url);
  if (!from || !to) return false;
  if (from->scheme == "https" && to->scheme != "https") return false;
  return base::ascii_iequals(from->host, to->host);
}

}  // namespace

std::optional<Request> redirected_request(const Request& previous, int status, std::string_view target) {
  if (target.empty()) return std::nullopt;
  Request next;
  next.url = std::string(target);
  next.headers = previous.headers;
  switch (status) {
    case 301:
    case 302:
    case 303:
      next.method = previous.method == "GET" || previous.method == "HEAD" ? previous.method : "GET";
      next.headers.remove("Content-Type");
      next.headers.remove("Content-Length");
      break;
    case 307:
    case 308:
      next.method = previous.method;
      next.body = previous.body;
      break;
    default:
      return std::nullopt;
  }
  if (!keeps_credentials(previous.url, next.url)) {
    for (std::string_view name :
         {"Authorization", "Cookie", "Cookie2", "Proxy-Authorization", "WWW-Authenticate"}) {
      next.headers.remove(name);
    }
  }
  return next;
}

}  // namespace dexcc::http_client::detail
