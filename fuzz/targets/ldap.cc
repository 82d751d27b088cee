// Fuzz target: LDAP filter and DN value escaping, the filters built from them, and dex's ldap
// ConnectorData decoding and re-encoding.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "connector/ldap/entry.h"
#include "connector/ldap/escape.h"
#include "connector/ldap/search.h"

namespace ldap = dexcc::connector::ldap;

namespace {

// An escaped filter value may hold no unescaped filter special: that is what keeps user input a
// value (a `*`, `(`, `)` or NUL would change the filter's meaning).
void check_filter_value(const std::string& escaped) {
  for (size_t i = 0; i < escaped.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(escaped[i]);
    if (c == '*' || c == '(' || c == ')' || c == 0 || c >= 0x80) std::abort();
    if (c == '\\' && i + 2 >= escaped.size()) std::abort();  // always two hex digits
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  std::string escaped = ldap::escape_filter_value(in);
  check_filter_value(escaped);
  auto back = ldap::unescape_filter_value(escaped);
  if (!back || *back != in) std::abort();
  if (auto un = ldap::unescape_filter_value(in);
      un && ldap::unescape_filter_value(ldap::escape_filter_value(*un)) != un) {
    std::abort();
  }
  // A filter from any username is one balanced expression.
  ldap::UserSearch us{.filter = "(objectClass=person)", .username_attrs = {"uid", "mail"}};
  std::string filter = ldap::user_filter(us, escaped);
  int depth = 0;
  for (char c : filter) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth < 0) std::abort();
  }
  if (depth != 0) std::abort();
  std::string dn = ldap::escape_dn_value(in);
  if (dn.size() < in.size()) std::abort();
  if (auto decoded = ldap::decode_refresh_data(in)) {
    auto again = ldap::decode_refresh_data(ldap::encode_refresh_data(*decoded));
    if (!again || again->username != decoded->username || again->entry.dn != decoded->entry.dn ||
        again->entry.attributes.size() != decoded->entry.attributes.size()) {
      std::abort();
    }
  }
  return 0;
}
