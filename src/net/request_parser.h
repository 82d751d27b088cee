// RequestParser: Beast's HTTP/1 request parser writing straight into an http::Request. Included
// only by the server and its fuzz target: it brings in Beast's parser headers.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "http/request.h"

namespace dexcc::net {

// Requests RequestParser refuses although Beast's own parser takes them. Both are refused because
// a body whose framing the server does not follow would be read as the next request on the
// connection (request smuggling, RFC 9112 §11.2).
enum class StricterParseError {
  // RFC 9112 §6.3: any Transfer-Encoding but a single field saying "chunked" (in any case), as
  // Go's net/http rules; answered 501 as Go does. Beast skipped codings it did not know, and then
  // took the body for the next request.
  unsupported_transfer_encoding = 1,
  // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request is faulty framing; answered 400.
  transfer_encoding_in_http10,
};
const boost::system::error_category& stricter_parse_category();
boost::system::error_code make_error_code(StricterParseError e);

// Beast's own message type kept each field in a node of its own allocation, and every field was
// then copied into the Request again. This fills the method, target, fields (as sent, in order)
// and body of `out`; the limits, framing and errors are Beast's (basic_parser), with the stricter
// Transfer-Encoding rules above.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  explicit RequestParser(http::Request& out) : out_(out) {}
  // 10 for HTTP/1.0, 11 for HTTP/1.1.
  unsigned version() const { return version_; }
  // The first Expect field asks for "100 Continue" (what a lookup in Beast's message answered).
  bool expects_continue() const { return expects_continue_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb, string_view method, string_view target, int version,
                       error_code&) override;
  void on_response_impl(int, string_view, int, error_code&) override {}  // never called: a request parser
  void on_field_impl(boost::beast::http::field name, string_view name_text, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override;
  size_t on_body_impl(string_view body, error_code&) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override;
  void on_finish_impl(error_code&) override {}

  http::Request& out_;
  unsigned version_ = 11;
  bool seen_expect_ = false;
  bool expects_continue_ = false;
};

}  // namespace dexcc::net

template <>
struct boost::system::is_error_code_enum<dexcc::net::StricterParseError> : std::true_type {};
