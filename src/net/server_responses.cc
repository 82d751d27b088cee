// The status line and fields written before a response's body, and the server's plain error answers.
#include "net/server_responses.h"

#include <fmt/format.h>

#include <boost/beast/http/status.hpp>
#include <cstring>
#include <ctime>
#include <string_view>

#include "http/headers.h"

namespace dexcc::net {
namespace {

// The HTTP Date header value, recomputed at most once per second per thread.
const std::string& http_date() {
  thread_local std::time_t cached_at = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = buf;
    cached_at = now;
  }
  return cached;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  size_t start = out.size();
  out += value;
  // Two memchr scans (vectorised); find_first_of("\r\n") calls memchr once per byte of the value.
  if (std::memchr(value.data(), '\r', value.size()) || std::memchr(value.data(), '\n', value.size())) {
    for (size_t i = start; i < out.size(); ++i) {
      if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
    }
  }
  out += "\r\n";
}

}  // namespace

http::Response plain_error(int status) {
  return http::Response::text(status, fmt::format("{} {}\n", status, http::status_text(status)));
}

void write_response_head(std::string& out, const http::Response& response, unsigned version, bool keep_alive,
                         std::optional<size_t> content_length) {
  namespace bhttp = boost::beast::http;
  out.clear();
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  out += "\r\n";
  for (const auto& [name, value] : response.headers.fields()) {
    if (http::iequals(name, "Content-Length") || http::iequals(name, "Date") ||
        http::iequals(name, "Connection") || http::iequals(name, "Transfer-Encoding")) {
      continue;  // the server's own, set below
    }
    append_field(out, name, value);
  }
  append_field(out, "Date", http_date());
  if (content_length) append_field(out, "Content-Length", std::to_string(*content_length));
  if (version != 10 && !keep_alive) append_field(out, "Connection", "close");
  if (version == 10 && keep_alive) append_field(out, "Connection", "keep-alive");
  out += "\r\n";
}

}  // namespace dexcc::net
