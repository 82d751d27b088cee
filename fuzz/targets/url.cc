// Fuzz target: Go's url.Parse rules (base::parse_url) and the loopback redirect-URI rule built on
// them. Beyond not crashing: the parser's query agrees with split_url, and any URI the loopback rule
// allows is one whose authority, read the way a browser delimits it, is exactly the loopback host.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/url.h"
#include "oauth2/redirect_uri.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto url = dexcc::base::parse_url(in);
  if (url) {
    (void)url->escaped_path();
    if (dexcc::base::split_url(in).query.value_or("") != url->raw_query) __builtin_trap();
  }
  if (dexcc::oauth2::is_loopback_http_uri(in)) {
    if (!url || url->user) __builtin_trap();
    // A browser ends the authority at '/', '\', '?' or '#' and takes the host after any '@'.
    std::string_view authority = in.substr(std::string_view("http://").size());
    authority = authority.substr(0, authority.find_first_of("/\\?#"));
    if (authority.find('@') != std::string_view::npos || authority != url->host) __builtin_trap();
  }
  return 0;
}
