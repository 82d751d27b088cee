// Classifying libcurl failures into http_client error kinds, with scrubbed wording.
#include "http_client/failure.h"

namespace dexcc::http_client::detail {
namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The parts of `url` that may carry credentials: "user:pass" and "?query#fragment".
std::pair<std::string_view, std::string_view> secret_parts(std::string_view url) {
  std::string_view userinfo;
  size_t query = url.find_first_of("?#");
  std::string_view tail = query == std::string_view::npos ? std::string_view() : url.substr(query);
  std::string_view head = url.substr(0, query);
  size_t authority = head.find("://");
  authority = authority == std::string_view::npos ? 0 : authority + 3;
  size_t authority_end = head.find('/', authority);
  size_t at = head.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) userinfo = head.substr(authority, at - authority);
  return {userinfo, tail};
}

ErrorKind kind_of(const TransferFailure& failure) {
  if (failure.body_too_large || failure.headers_too_large) return ErrorKind::kTooLarge;
  if (failure.proxy_connect_status >= 300) return ErrorKind::kProxy;
  bool tls_text = failure.curl_message.find("SSL") != std::string_view::npos;
  switch (failure.code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return ErrorKind::kInvalidRequest;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
      return ErrorKind::kProxy;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      // Through a proxy the only connection we open is to the proxy.
      return failure.proxy != nullptr ? ErrorKind::kProxy : ErrorKind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorKind::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
      return ErrorKind::kTls;
    case CURLE_FILESIZE_EXCEEDED:
      return ErrorKind::kTooLarge;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      // With TLS 1.3 a refused client certificate arrives as an alert on the first read.
      return tls_text ? ErrorKind::kTls : ErrorKind::kProtocol;
    case CURLE_OUT_OF_MEMORY:
      // libcurl 7.88 reports a single header line over 100 KiB this way.
      return failure.curl_message.find("header") != std::string_view::npos ? ErrorKind::kTooLarge
                                                                           : ErrorKind::kInternal;
    case CURLE_FAILED_INIT:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_NOT_BUILT_IN:
      return ErrorKind::kInternal;
    default:
      return ErrorKind::kProtocol;
  }
}

std::string detail_of(const TransferFailure& failure) {
  if (failure.body_too_large) {
    return "response body exceeds " + std::to_string(failure.max_body_bytes) + " bytes";
  }
  if (failure.headers_too_large) {
    return "response headers exceed " + std::to_string(failure.max_header_bytes) + " bytes";
  }
  if (failure.code == CURLE_FILESIZE_EXCEEDED) {
    return "response body exceeds " + std::to_string(failure.max_body_bytes) + " bytes (Content-Length)";
  }
  std::string text(failure.curl_message.empty() ? curl_easy_strerror(failure.code) : failure.curl_message);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

std::string scrub(std::string text, std::string_view url) {
  if (url.empty()) return text;
  replace_all(text, url, redacted_url(url));
  // Each part again on its own, for messages that quote the URL as libcurl normalised it. The
  // userinfo is matched with its '@' so that a short user name does not erase ordinary words.
  auto [userinfo, tail] = secret_parts(url);
  if (!userinfo.empty()) replace_all(text, std::string(userinfo) + "@", "");
  if (tail.size() > 1) replace_all(text, tail, "");
  return text;
}

Error describe_failure(const Request& request, const TransferFailure& failure) {
  ErrorKind kind = kind_of(failure);
  std::string detail = scrub(detail_of(failure), request.url);
  if (failure.proxy != nullptr) {
    detail = scrub(std::move(detail), *failure.proxy);
    if (kind == ErrorKind::kProxy) detail = "proxy " + redacted_url(*failure.proxy) + ": " + detail;
  }
  return fail(kind, request.method, request.url, detail).error();
}

}  // namespace dexcc::http_client::detail
