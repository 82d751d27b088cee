// RequestParser: the callbacks through which Beast's parser hands over the parts of a request.
#include "net/request_parser.h"

#include <boost/beast/http/rfc7230.hpp>

namespace dexcc::net {
namespace {

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

class StricterParseCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "dexcc.http.parser"; }
  std::string message(int code) const override {
    switch (static_cast<StricterParseError>(code)) {
      case StricterParseError::unsupported_transfer_encoding:
        return "unsupported transfer encoding";
      case StricterParseError::transfer_encoding_in_http10:
        return "transfer encoding in an HTTP/1.0 request";
    }
    return "unknown parse error";
  }
};

}  // namespace

const boost::system::error_category& stricter_parse_category() {
  static const StricterParseCategory category;
  return category;
}

boost::system::error_code make_error_code(StricterParseError e) {
  return {static_cast<int>(e), stricter_parse_category()};
}

void RequestParser::on_request_impl(boost::beast::http::verb, string_view method, string_view target, int version,
                                    error_code&) {
  out_.method.assign(view(method));
  out_.target.assign(view(target));
  version_ = static_cast<unsigned>(version);
}

void RequestParser::on_field_impl(boost::beast::http::field name, string_view name_text, string_view value,
                                  error_code& ec) {
  // Beast has already refused a Transfer-Encoding after a Content-Length and any field after one
  // that ended in "chunked" (400), so the first Transfer-Encoding field decides here.
  if (name == boost::beast::http::field::transfer_encoding) {
    if (version_ < 11) {
      ec = StricterParseError::transfer_encoding_in_http10;
      return;
    }
    if (!http::iequals(view(value), "chunked")) {
      ec = StricterParseError::unsupported_transfer_encoding;
      return;
    }
  }
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

}  // namespace dexcc::net
