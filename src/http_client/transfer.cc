// One HTTP exchange on a libcurl easy handle: options, callbacks, limits, and error mapping.
#include "http_client/transfer.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "base/text.h"
#include "http_client/failure.h"

namespace dexcc::http_client::detail {
namespace {

// RFC 9110 token characters, for methods and header names.
bool is_token(std::string_view text) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::ranges::all_of(text, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kSymbols.find(c) != std::string_view::npos;
  });
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistFree>;

bool append(HeaderList& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) return false;
  list.release();
  list.reset(grown);
  return true;
}

// The request head as libcurl takes it. "Name:" with nothing after removes a header libcurl would
// add on its own (Go sends no Accept, no Expect, and no Content-Type it was not given).
std::optional<HeaderList> header_list(const Request& request, bool has_body) {
  HeaderList list;
  for (const auto& [name, value] : request.headers.fields()) {
    // "Name;" is libcurl's spelling of a header sent with an empty value.
    if (!append(list, value.empty() ? name + ";" : name + ": " + value)) return std::nullopt;
  }
  for (std::string_view name : {"Accept", "Expect", "Content-Type"}) {
    if (name == "Content-Type" && !has_body) continue;
    if (!request.headers.contains(name) && !append(list, std::string(name) + ":")) return std::nullopt;
  }
  return list;
}

// What the callbacks collect while libcurl runs the transfer.
struct Sink {
  Response* response;
  std::vector<Headers::Field> header_fields;
  size_t max_body_bytes;
  size_t max_header_bytes;
  size_t header_bytes = 0;
  bool body_too_large = false;
  bool headers_too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t bytes = size * count;
  if (sink->response->body.size() + bytes > sink->max_body_bytes) {
    sink->body_too_large = true;
    return 0;  // anything short of `bytes` stops the transfer
  }
  sink->response->body.append(data, bytes);
  return bytes;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// libcurl passes one whole header line at a time, status lines of interim responses included.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t bytes = size * count;
  sink->header_bytes += bytes;
  if (sink->header_bytes > sink->max_header_bytes) {
    sink->headers_too_large = true;
    return 0;
  }
  std::string_view line(data, bytes);
  auto& fields = sink->header_fields;
  if (line.starts_with("HTTP/")) {
    // A new status line: what came before belonged to an interim (1xx) response.
    fields.clear();
    sink->header_bytes = bytes;
  } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // An obsolete folded line (RFC 9112 §5.2) continues the previous field's value.
    if (!fields.empty()) {
      fields.back().second += ' ';
      fields.back().second += trim_blanks(line);
    }
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
    fields.emplace_back(std::string(line.substr(0, colon)), std::string(trim_blanks(line.substr(colon + 1))));
  }
  return bytes;
}

// When we asked for gzip, libcurl has decoded the body: like Go (Response.Uncompressed), the
// headers then no longer describe an encoding or a length the body does not have.
void forget_decoded_encoding(Headers& headers) {
  auto encoding = headers.get("Content-Encoding");
  if (!encoding || !base::ascii_iequals(*encoding, "gzip")) return;
  headers.remove("Content-Encoding");
  headers.remove("Content-Length");
}

CURLcode install_tls(CURL*, void* ssl_ctx, void* material) {
  return static_cast<const TlsMaterial*>(material)->install(ssl_ctx) ? CURLE_OK : CURLE_SSL_CERTPROBLEM;
}

// Go sends a Content-Length (0 included) for these methods even without a body.
bool sends_body(const Request& request) {
  return !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
         request.method == "PATCH";
}

// Everything the handle needs. Handles are reset after every transfer, so nothing from an earlier
// request carries over.
bool set_options(CURL* h, const ClientOptions& options, const TlsMaterial& tls, const Request& request,
                 const std::optional<std::string>& proxy, std::chrono::milliseconds time_left, Sink& sink,
                 curl_slist* headers, curl_slist* connect_to, char* error_buffer) {
  const long verify = options.insecure_skip_verify ? 0L : 1L;
  const long verify_host = options.insecure_skip_verify ? 0L : 2L;
  const char* no_path = nullptr;
  bool ok = true;
  const auto set = [&](CURLoption option, auto value) {
    ok = ok && curl_easy_setopt(h, option, value) == CURLE_OK;
  };
  set(CURLOPT_ERRORBUFFER, error_buffer);
  set(CURLOPT_URL, request.url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts: we run on many threads
  // dex's transports speak HTTP/1.1 (a custom TLS config turns Go's HTTP/2 off).
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(options.connect_timeout, time_left).count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(time_left.count()));
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_MAXAGE_CONN, 90L);  // Go's IdleConnTimeout in dex's transports
  set(CURLOPT_TCP_KEEPALIVE, 1L);
  set(CURLOPT_TCP_KEEPIDLE, 30L);
  set(CURLOPT_TCP_KEEPINTVL, 30L);
  // An explicit (possibly empty) proxy and an empty no-proxy list keep libcurl from reading
  // http_proxy and no_proxy itself: its rules differ from Go's.
  set(CURLOPT_PROXY, proxy ? proxy->c_str() : "");
  set(CURLOPT_NOPROXY, "");
  set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  set(CURLOPT_SSL_VERIFYPEER, verify);
  set(CURLOPT_SSL_VERIFYHOST, verify_host);
  set(CURLOPT_PROXY_SSL_VERIFYPEER, verify);
  set(CURLOPT_PROXY_SSL_VERIFYHOST, verify_host);
  // The trust store comes from TlsMaterial; libcurl must not load its compiled-in bundle as well.
  set(CURLOPT_CAINFO, no_path);
  set(CURLOPT_CAPATH, no_path);
  set(CURLOPT_PROXY_CAINFO, no_path);
  set(CURLOPT_PROXY_CAPATH, no_path);
  set(CURLOPT_SSL_CTX_FUNCTION, &install_tls);
  set(CURLOPT_SSL_CTX_DATA, const_cast<TlsMaterial*>(&tls));
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_response_bytes));
  set(CURLOPT_WRITEFUNCTION, &on_body);
  set(CURLOPT_WRITEDATA, &sink);
  set(CURLOPT_HEADERFUNCTION, &on_header);
  set(CURLOPT_HEADERDATA, &sink);
  set(CURLOPT_HTTPHEADER, headers);
  if (connect_to != nullptr) set(CURLOPT_CONNECT_TO, connect_to);
  // The caller's headers (Authorization above all) go to the origin only, never into a CONNECT.
  set(CURLOPT_HEADEROPT, CURLHEADER_SEPARATE);
  if (!request.headers.contains("User-Agent") && !options.user_agent.empty()) {
    set(CURLOPT_USERAGENT, options.user_agent.c_str());
  }
  // Go asks for gzip and decodes it itself unless the caller chose an encoding.
  if (!request.headers.contains("Accept-Encoding")) set(CURLOPT_ACCEPT_ENCODING, "gzip");

  if (request.method == "HEAD") {
    set(CURLOPT_NOBODY, 1L);
  } else if (sends_body(request)) {
    set(CURLOPT_POSTFIELDS, request.body.data());
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST") set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method != "GET") {
    set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  return ok;
}

}  // namespace

std::optional<std::string> request_problem(const Request& request) {
  if (!is_token(request.method)) return "invalid method";
  for (const auto& [name, value] : request.headers.fields()) {
    if (!is_token(name)) return "invalid header field name";
    // The value is not quoted: it may be a credential.
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return "invalid value for header field " + name;
    }
  }
  if (request.url.find_first_of(std::string_view(" \r\n\t\0", 5)) != std::string::npos) return "invalid URL";
  return std::nullopt;
}

Result<Exchange> transfer(CURL* handle, const ClientOptions& options, const TlsMaterial& tls,
                          const Request& request, const std::optional<std::string>& proxy,
                          std::chrono::milliseconds time_left) {
  if (time_left.count() <= 0)
    return fail(ErrorKind::kTimeout, request.method, request.url, "total timeout reached");
  Exchange exchange;
  exchange.response.method = request.method;
  exchange.response.url = request.url;
  Sink sink{&exchange.response, {}, options.max_response_bytes, options.max_header_bytes};
  auto headers = header_list(request, sends_body(request));
  HeaderList connect_to;
  bool lists_ok = headers.has_value();
  for (const auto& entry : options.connect_to) lists_ok = lists_ok && append(connect_to, entry);
  char error_buffer[CURL_ERROR_SIZE] = {};
  if (!lists_ok || !set_options(handle, options, tls, request, proxy, time_left, sink, headers->get(),
                                connect_to.get(), error_buffer)) {
    curl_easy_reset(handle);
    return fail(ErrorKind::kInternal, request.method, request.url, "cannot set up the transfer");
  }
  CURLcode code = curl_easy_perform(handle);
  long status = 0;
  long connect_status = 0;
  char* redirect = nullptr;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(handle, CURLINFO_HTTP_CONNECTCODE, &connect_status);
  if (curl_easy_getinfo(handle, CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK && redirect != nullptr) {
    exchange.redirect_url = redirect;
  }
  // The handle points at this frame's buffers and the caller's body; an idle handle must not. The
  // reset keeps its connections.
  curl_easy_reset(handle);
  if (code != CURLE_OK) {
    TransferFailure failure{code,
                            error_buffer,
                            sink.body_too_large,
                            sink.headers_too_large,
                            options.max_response_bytes,
                            options.max_header_bytes,
                            proxy ? &*proxy : nullptr,
                            connect_status};
    return std::unexpected(describe_failure(request, failure));
  }
  exchange.response.status = static_cast<int>(status);
  exchange.response.headers = Headers(std::move(sink.header_fields));
  if (!request.headers.contains("Accept-Encoding")) forget_decoded_encoding(exchange.response.headers);
  return exchange;
}

}  // namespace dexcc::http_client::detail
