// Text helpers with Go's semantics where dex's behaviour depends on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dexcc::base {

// Go strings.ToLower: Unicode simple lower-case mapping, code point by code point; invalid UTF-8
// bytes become U+FFFD. dex lower-cases emails with it, so stored keys must match byte for byte.
std::string go_to_lower(std::string_view s);

// ASCII case-insensitive equality, as Go's encoding/json matches struct field names.
bool ascii_iequals(std::string_view a, std::string_view b);

// The value of one hexadecimal digit (either case), or -1.
int hex_digit_value(char c);

// Decodes the UTF-8 sequence starting at s[i] into `code_point` and returns its length, or 0 when
// the bytes there are not valid UTF-8 by Go's rules (no overlong forms, surrogates or > U+10FFFF).
size_t decode_utf8(std::string_view s, size_t i, uint32_t& code_point);
void append_utf8(std::string& out, uint32_t code_point);

// Go's strconv.Quote for the texts dex quotes in messages: `"` and `\` escaped, control bytes as
// \n, \t, \x01, ...; other bytes (UTF-8 included) pass through.
std::string go_quote(std::string_view value);

}  // namespace dexcc::base
