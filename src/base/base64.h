// Base64 in its two alphabets: standard (padded) and URL-safe without padding (RFC 4648 §5).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dexcc::base {

std::string base64url_encode(std::string_view bytes);
// Accepts input with or without '=' padding; rejects characters outside the URL-safe alphabet.
std::optional<std::string> base64url_decode(std::string_view text);

std::string base64_encode(std::string_view bytes);
// Strict standard base64 with padding, as Go's base64.StdEncoding decodes it.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace dexcc::base
