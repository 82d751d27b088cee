// Refresh token wire format, with dex's fallback to legacy bare IDs.
#include "oauth2/refresh_token.h"

#include <array>

#include "oauth2/codec.h"

namespace dexcc::oauth2 {

std::string encode_refresh_token(std::string_view refresh_id, std::string_view token) {
  return marshal_string_fields({refresh_id, token});
}

RefreshTokenWire decode_refresh_token(std::string_view wire) {
  std::array<std::string, 2> fields;
  if (!unmarshal_string_fields(wire, fields)) return RefreshTokenWire{std::string(wire), "", true};
  return RefreshTokenWire{std::move(fields[0]), std::move(fields[1]), false};
}

}  // namespace dexcc::oauth2
