// Tests for RequestParser's framing rules: the Transfer-Encoding it refuses beyond Beast's own
// rules (RFC 9112 §6.1, §6.3, Go's net/http), and that a refused request's body is never parsed.
#include "net/request_parser.h"

#include <gtest/gtest.h>

#include <boost/beast/http/error.hpp>
#include <string>
#include <string_view>

namespace dexcc::net {
namespace {

namespace bhttp = boost::beast::http;
using boost::beast::error_code;

struct Parsed {
  error_code ec;
  http::Request request;
  bool done = false;
};

// Parses one request from `bytes` fed at once, as the server does with a full first read.
Parsed parse(std::string_view bytes) {
  Parsed out;
  RequestParser parser(out.request);
  parser.eager(true);
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), out.ec);
  out.done = parser.is_done();
  return out;
}

// A POST carrying `fields`, with a chunked body "abc" that is also a complete request of its own
// if read as one (a smuggling attempt when the framing is not followed).
std::string post_with(std::string_view version, std::string_view fields) {
  return "POST /token " + std::string(version) + "\r\nHost: x\r\n" + std::string(fields) +
         "\r\n3\r\nabc\r\n0\r\n\r\n";
}

TEST(RequestParser, ChunkedInAnyCaseIsTheOnlyTransferEncodingTaken) {
  for (std::string_view te : {"chunked", "Chunked", "CHUNKED", "chunked "}) {
    Parsed p = parse(post_with("HTTP/1.1", "Transfer-Encoding: " + std::string(te) + "\r\n"));
    EXPECT_FALSE(p.ec) << te << ": " << p.ec.message();
    EXPECT_TRUE(p.done) << te;
    EXPECT_EQ(p.request.body, "abc") << te;
  }
}

TEST(RequestParser, OtherTransferEncodingsAreUnsupported) {
  for (std::string_view te :
       {"chunked, gzip", "gzip", "identity", "gzip, chunked", "chunked,", "", "chunked;x=1"}) {
    Parsed p = parse(post_with("HTTP/1.1", "Transfer-Encoding: " + std::string(te) + "\r\n"));
    EXPECT_EQ(p.ec, StricterParseError::unsupported_transfer_encoding)
        << '"' << te << "\": " << p.ec.message();
    EXPECT_FALSE(p.done) << te;
    EXPECT_EQ(p.request.body, "") << te;
  }
}

TEST(RequestParser, ConflictingFramingIsRefused) {
  struct Case {
    std::string_view version;
    std::string_view fields;
    error_code expected;
  };
  const Case cases[] = {
      // A second field: Go answers 501 "too many transfer encodings"; Beast refuses a field after
      // "chunked" itself, and the first field decides otherwise.
      {"HTTP/1.1", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
       bhttp::error::bad_transfer_encoding},
      {"HTTP/1.1", "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n",
       bhttp::error::bad_transfer_encoding},
      {"HTTP/1.1", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
       StricterParseError::unsupported_transfer_encoding},
      // Transfer-Encoding with Content-Length: Go drops the length and reads chunks; both refuse.
      {"HTTP/1.1", "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", bhttp::error::bad_content_length},
      {"HTTP/1.1", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
       bhttp::error::bad_transfer_encoding},
      {"HTTP/1.1", "Content-Length: 3\r\nTransfer-Encoding: gzip\r\n", bhttp::error::bad_transfer_encoding},
      {"HTTP/1.1", "Transfer-Encoding: gzip\r\nContent-Length: 3\r\n",
       StricterParseError::unsupported_transfer_encoding},
      // HTTP/1.0 has no Transfer-Encoding (RFC 9112 §6.1); Go ignores the field and reads no body.
      {"HTTP/1.0", "Transfer-Encoding: chunked\r\n", StricterParseError::transfer_encoding_in_http10},
      {"HTTP/1.0", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
       bhttp::error::bad_transfer_encoding},
  };
  for (const Case& c : cases) {
    Parsed p = parse(post_with(c.version, c.fields));
    EXPECT_EQ(p.ec, c.expected) << c.version << " " << c.fields << ": " << p.ec.message();
    EXPECT_FALSE(p.done) << c.fields;
  }
}

TEST(RequestParser, LengthFramingIsUnchanged) {
  Parsed p = parse("POST /token HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_FALSE(p.ec) << p.ec.message();
  EXPECT_EQ(p.request.body, "abc");
  p = parse("GET /keys HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_FALSE(p.ec) << p.ec.message();
  EXPECT_TRUE(p.done);
}

TEST(RequestParser, RefusalsAreNamed) {
  EXPECT_EQ(error_code(StricterParseError::unsupported_transfer_encoding).message(),
            "unsupported transfer encoding");
  EXPECT_STREQ(stricter_parse_category().name(), "dexcc.http.parser");
}

}  // namespace
}  // namespace dexcc::net
