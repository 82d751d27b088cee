// The refresh token as clients hold it (dex-server.md §5.5): the storage record's ID and its
// current secret in base64url(protobuf RefreshToken{string refresh_id = 1; string token = 2}).
#pragma once

#include <string>
#include <string_view>

namespace dexcc::oauth2 {

struct RefreshTokenWire {
  std::string refresh_id;
  std::string token;
  bool legacy = false;  // the value did not decode and was taken as a bare ID (for logs)
};

// Byte-identical to dex (two 25-character IDs give 72 characters).
std::string encode_refresh_token(std::string_view refresh_id, std::string_view token);

// Never fails, exactly as dex's extractRefreshTokenFromRequest: a value that is not Go-decodable
// base64url, or whose bytes proto.Unmarshal refuses, is a refresh ID from servers that predate
// the format, with an empty token (so it still can be claimed only once). Note what *does*
// decode: any base64url whose bytes are a well-formed message, including one with only unknown
// fields or none at all, gives that message's (possibly empty) ID and token, not a legacy ID.
RefreshTokenWire decode_refresh_token(std::string_view wire);

}  // namespace dexcc::oauth2
