// Escaping values placed into LDAP search filters (RFC 4515 §3) and distinguished names
// (RFC 4514 §2.4), so that user input is always a value and never filter or DN syntax.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dexcc::connector::ldap {

// RFC 4515 assertion value: '*', '(', ')', '\' and NUL as \XX (lower-case hex), and, as go-ldap's
// EscapeFilter does, every byte >= 0x80 too (always valid: any octet may be written as \XX). A
// username like `*)(uid=*` becomes `\2a\29\28uid=\2a` and matches only that literal text.
std::string escape_filter_value(std::string_view value);

// The inverse of escape_filter_value for any RFC 4515 value: \XX pairs (either case) become the
// byte; nullopt when a '\' is not followed by two hex digits or an unescaped special remains.
std::optional<std::string> unescape_filter_value(std::string_view value);

// RFC 4514 attribute value: '"', '+', ',', ';', '<', '>', '\' with a backslash, '=' too (as
// go-ldap does), a leading '#' or space and a trailing space, and NUL as \00.
std::string escape_dn_value(std::string_view value);

}  // namespace dexcc::connector::ldap
