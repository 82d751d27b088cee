// RequestParser: the callbacks through which Beast's parser hands over the parts of a request.
#include "http/request_parser.h"

#include <boost/beast/http/rfc7230.hpp>

namespace dexcc::http {
namespace {

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

void RequestParser::on_request_impl(boost::beast::http::verb, string_view method, string_view target, int version,
                                    error_code&) {
  out_.method.assign(view(method));
  out_.target.assign(view(target));
  version_ = static_cast<unsigned>(version);
}

void RequestParser::on_field_impl(boost::beast::http::field name, string_view name_text, string_view value,
                                  error_code&) {
  if (name == boost::beast::http::field::expect && !seen_expect_) {
    seen_expect_ = true;
    expects_continue_ = boost::beast::http::token_list(value).exists("100-continue");
  }
  out_.headers.add(view(name_text), view(value));
}

// Beast refuses a Content-Length above the body limit before this is called, so the reservation
// is bounded by the limit.
void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) {
  if (length) out_.body.reserve(static_cast<size_t>(*length));
}

size_t RequestParser::on_body_impl(string_view body, error_code&) {
  out_.body.append(body.data(), body.size());
  return body.size();
}

size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  out_.body.append(body.data(), body.size());
  return body.size();
}

}  // namespace dexcc::http
