// Fuzz target: the server's request parser against Beast's own message parser, both fed the same
// bytes in the same pieces; they must agree on the outcome and on every part of the request, except
// where ours is stricter by design: it refuses any Transfer-Encoding but one "chunked" field in
// HTTP/1.1, which Beast takes.
#include <algorithm>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/request_parser.h"

namespace {

namespace bhttp = boost::beast::http;
using boost::beast::error_code;

// Puts `in` into the parser `piece` bytes at a time (all at once for 0), as the server's reads
// would, until the request is done, the parser fails or the bytes run out (need_more).
error_code drive(bhttp::basic_parser<true>& p, std::string_view in, size_t piece) {
  p.header_limit(2048);
  p.body_limit(4096);
  p.eager(true);
  std::string pending;
  size_t pos = 0;
  error_code ec;
  while (!p.is_done()) {
    if (pos < in.size()) {
      size_t take = piece == 0 ? in.size() - pos : std::min(piece, in.size() - pos);
      pending.append(in.substr(pos, take));
      pos += take;
    }
    size_t used = p.put(boost::asio::buffer(pending.data(), pending.size()), ec);
    pending.erase(0, used);
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (pos == in.size()) return bhttp::error::need_more;
      continue;
    }
    if (ec) return ec;
    if (used == 0 && pos == in.size() && !p.is_done()) return bhttp::error::need_more;
  }
  return ec;
}

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

// The refusal ours owes for the Transfer-Encoding fields Beast took, worked out from RFC 9112 §6.1
// and Go's rule rather than from our parser's code. Beast's message holds every field it took before
// it finished or stopped, and ours stops at the first field it refuses, so when these fields call
// for a refusal, ours must have answered with it whatever Beast did next.
std::optional<error_code> owed_refusal(const bhttp::request<bhttp::string_body>& m) {
  auto [first, end] = m.equal_range(bhttp::field::transfer_encoding);
  if (first == end) return std::nullopt;
  if (m.version() == 10) return dexcc::net::StricterParseError::transfer_encoding_in_http10;
  if (std::next(first) != end || !boost::beast::iequals(first->value(), "chunked")) {
    return dexcc::net::StricterParseError::unsupported_transfer_encoding;
  }
  return std::nullopt;
}

// Says which part disagreed, and on what input, then aborts.
[[noreturn]] void disagree(const char* part, std::string_view in, error_code ours, error_code beast) {
  std::fprintf(stderr, "parsers disagree on %s (ours: %s, Beast's: %s) for:\n", part, ours.message().c_str(),
               beast.message().c_str());
  for (unsigned char c : in) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      std::fputc(c, stderr);
    } else {
      std::fprintf(stderr, "\\x%02x", c);
    }
  }
  std::fputc('\n', stderr);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t piece = data[0] % 33;  // the first byte sets the read size: 1-32 bytes, or 0 for all at once
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);

  dexcc::http::Request ours;
  dexcc::net::RequestParser parser(ours);
  error_code ours_ec = drive(parser, in, piece);
  bhttp::request_parser<bhttp::string_body> beast;
  error_code beast_ec = drive(beast, in, piece);

  auto fail = [&](const char* part) { disagree(part, in, ours_ec, beast_ec); };
  const auto& m = beast.get();
  if (auto refusal = owed_refusal(m)) {
    if (ours_ec != *refusal) fail("the Transfer-Encoding refusal");
    return 0;
  }
  if (ours_ec != beast_ec || parser.is_done() != beast.is_done()) fail("the outcome");
  if (!parser.is_done()) return 0;
  if (ours.method != view(m.method_string()) || ours.target != view(m.target())) fail("the request line");
  // keep-alive from Beast's parser, not its message: the parser reads every Connection field as one
  // list (RFC 9110 §5.3, so "Connection: x" then "Connection: close" closes), the message only the
  // first. The server goes by its parser's keep_alive().
  if (parser.version() != m.version() || parser.keep_alive() != beast.keep_alive()) fail("the version or keep-alive");
  if (parser.expects_continue() != bhttp::token_list(m[bhttp::field::expect]).exists("100-continue")) {
    fail("Expect");
  }
  // Beast's message puts a field after the others of its name; ours keeps the order sent. Lookups
  // see the same either way: the values of each name, in order.
  using Field = std::pair<std::string, std::string>;
  auto grouped = [](std::vector<Field> fields) {
    for (auto& f : fields) {
      for (char& c : f.first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::stable_sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.first < b.first; });
    return fields;
  };
  std::vector<Field> beast_fields;
  for (const auto& f : m) beast_fields.emplace_back(view(f.name_string()), view(f.value()));
  if (grouped(ours.headers.fields()) != grouped(beast_fields)) fail("the fields");
  if (ours.body != m.body() || ours.body.size() > 4096) fail("the body");
  return 0;
}
