// Error wording and URL redaction for the outbound HTTP client.
#include "http_client/error.h"

#include <string>

namespace dexcc::http_client {

std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidRequest:
      return "invalid request";
    case ErrorKind::kConnect:
      return "connect";
    case ErrorKind::kTls:
      return "tls";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kTooLarge:
      return "too large";
    case ErrorKind::kProxy:
      return "proxy";
    case ErrorKind::kProtocol:
      return "protocol";
    case ErrorKind::kTooManyRedirects:
      return "too many redirects";
    case ErrorKind::kStatus:
      return "status";
    case ErrorKind::kDecode:
      return "decode";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string redacted_url(std::string_view url) {
  // The query and fragment go first: whatever follows the first '?' or '#' may be a token, even
  // when the text before it is not a well-formed URL.
  url = url.substr(0, url.find_first_of("?#"));
  size_t authority_start = 0;
  if (size_t scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    authority_start = scheme_end + 3;
  }
  size_t authority_end = url.find('/', authority_start);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  // The last '@' ends the userinfo: a password may itself hold an unescaped '@'.
  std::string_view authority = url.substr(authority_start, authority_end - authority_start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, authority_start));
  out += url.substr(authority_start + at + 1);
  return out;
}

std::unexpected<Error> fail(ErrorKind kind, std::string_view method, std::string_view url,
                            std::string_view detail) {
  std::string message;
  message.reserve(method.size() + url.size() + detail.size() + 3);
  message += method;
  message += ' ';
  message += redacted_url(url);
  message += ": ";
  message += detail;
  return std::unexpected(Error{kind, std::move(message), 0});
}

}  // namespace dexcc::http_client
