// URL parts through libcurl's CURLU parser.
#include "http_client/url_parts.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace dexcc::http_client::detail {
namespace {

struct UrlHandleDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlHandleDeleter>;

std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned int flags) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr) return std::nullopt;
  std::string out(value);
  curl_free(value);
  return out;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::optional<UrlParts> parse_url(std::string_view url) {
  UrlHandle handle(curl_url());
  if (!handle) return std::nullopt;
  // CURLU copies the string, but needs it NUL-terminated.
  std::string text(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return std::nullopt;
  }
  UrlParts parts;
  auto scheme = get_part(handle.get(), CURLUPART_SCHEME, 0);
  auto host = get_part(handle.get(), CURLUPART_HOST, is_ascii(text) ? 0 : CURLU_PUNYCODE);
  if (!host) host = get_part(handle.get(), CURLUPART_HOST, 0);
  if (!scheme || !host || host->empty()) return std::nullopt;
  parts.scheme = std::move(*scheme);
  std::ranges::transform(parts.scheme, parts.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  parts.host = std::move(*host);
  if (parts.host.size() >= 2 && parts.host.front() == '[' && parts.host.back() == ']') {
    parts.host = parts.host.substr(1, parts.host.size() - 2);
  }
  if (size_t zone = parts.host.find('%'); zone != std::string::npos) parts.host.resize(zone);
  parts.port = get_part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT).value_or("");
  return parts;
}

std::string ascii_host(std::string_view host) {
  if (is_ascii(host)) return std::string(host);
  auto parts = parse_url("http://" + std::string(host) + "/");
  return parts ? parts->host : std::string(host);
}

}  // namespace dexcc::http_client::detail
