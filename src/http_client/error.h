// http_client::Error: how an outbound exchange failed, as a value that is safe to log.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace dexcc::http_client {

// Callers branch on the kind: a connector retries kConnect, reports kTls as a configuration
// problem, and reads kStatus as "the upstream said no".
enum class ErrorKind {
  kInvalidRequest,    // a URL, method, header or option we refuse before sending anything
  kConnect,           // the name did not resolve or the TCP connection was refused
  kTls,               // handshake failed: untrusted or wrong certificate, client certificate refused
  kTimeout,           // the connect or total timeout ran out
  kTooLarge,          // the response headers or body went over the client's limit
  kProxy,             // the proxy could not be used (unreachable, refused the tunnel, CGI rule)
  kProtocol,          // the exchange broke off or the answer was not HTTP
  kTooManyRedirects,  // more than 10 redirects, with following turned on
  kStatus,            // a helper wanted 2xx and got something else (`status` says what)
  kDecode,            // a helper could not parse the body (JSON)
  kInternal,          // libcurl or OpenSSL failed on input they should accept (out of memory, ...)
};

// `message` names the method and the URL without userinfo, query or fragment, then what went wrong;
// it never holds a header value, a body, a query parameter or a credential, so it may be logged and
// shown in an error page.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  int status = 0;  // the HTTP status, for kStatus
};

template <class T>
using Result = std::expected<T, Error>;

std::string_view kind_name(ErrorKind kind);

// `url` with the userinfo ("user:pass@"), the query and the fragment removed:
// "https://user:pw@idp.example/token?code=x#f" -> "https://idp.example/token". Works on text that
// is not a valid URL too, since it runs on whatever the caller passed.
std::string redacted_url(std::string_view url);

// The failure of `method url`, worded "GET https://idp.example/keys: <detail>" with the URL redacted.
std::unexpected<Error> fail(ErrorKind kind, std::string_view method, std::string_view url,
                            std::string_view detail);

}  // namespace dexcc::http_client
