// The ID token "sub" claim as dex encodes it (dex-server.md §5.4): user ID and connector ID in
// base64url(protobuf IDTokenSubject{string user_id = 1; string conn_id = 2}).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace dexcc::oauth2 {

struct IdTokenSubject {
  std::string user_id;
  std::string conn_id;
};

// Byte-identical to dex: e.g. user "2342749" on connector "github" -> "CgcyMzQyNzQ5EgZnaXRodWI".
std::string encode_subject(std::string_view user_id, std::string_view conn_id);

// What dex's gRPC API does with a `sub` it is given (ListRefresh, RevokeRefresh): fails where
// Go's base64 or proto.Unmarshal would.
base::Result<IdTokenSubject> decode_subject(std::string_view sub);

}  // namespace dexcc::oauth2
