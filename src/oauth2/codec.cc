// The internal codec: protobuf string fields inside Go-compatible unpadded base64url.
#include "oauth2/codec.h"

#include <optional>

#include "base/base64.h"
#include "oauth2/protowire.h"

namespace dexcc::oauth2 {
namespace {

constexpr std::string_view kUrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Go's non-strict RawURLEncoding, expressed as a clean-up before base's strict decoder: drop
// CR/LF (Go skips them), refuse '=' (no padding in the raw encoding) and clear the unused low
// bits of the last character (Go ignores them; base's decoder insists they are zero).
std::optional<std::string> go_raw_url_decode(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    if (c == '=') return std::nullopt;
    clean += c;
  }
  size_t rest = clean.size() % 4;
  if (rest == 2 || rest == 3) {
    size_t at = kUrlAlphabet.find(clean.back());
    if (at == std::string_view::npos) return std::nullopt;
    unsigned unused_bits = rest == 2 ? 4 : 2;
    clean.back() = kUrlAlphabet[at & ~((1u << unused_bits) - 1)];
  }
  return base::base64url_decode(clean);
}

}  // namespace

std::string marshal_string_fields(std::initializer_list<std::string_view> fields) {
  std::string message;
  uint32_t number = 1;
  for (std::string_view value : fields) protowire::append_string_field(message, number++, value);
  return base::base64url_encode(message);
}

base::Result<void> unmarshal_string_fields(std::string_view text, std::span<std::string> fields) {
  auto bytes = go_raw_url_decode(text);
  if (!bytes) return base::fail("illegal base64 data");
  return protowire::read_string_fields(*bytes, fields);
}

}  // namespace dexcc::oauth2
