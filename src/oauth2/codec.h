// dex's server/internal codec: a protobuf message of string fields, base64url without padding.
// Used for the ID token "sub" and for refresh tokens (dex-server.md §5.4-5.5).
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace dexcc::oauth2 {

// base64url_nopad(proto.Marshal(message)), where fields[i] is string field number i+1.
std::string marshal_string_fields(std::initializer_list<std::string_view> fields);

// The reverse, with Go's exact acceptance rules, since a dex refresh token that fails here is
// treated as a legacy raw ID instead: base64.RawURLEncoding.DecodeString (no '=' allowed, '\r'
// and '\n' skipped anywhere, non-zero trailing bits ignored), then proto.Unmarshal as
// protowire::read_string_fields describes. `fields` should start out empty.
base::Result<void> unmarshal_string_fields(std::string_view text, std::span<std::string> fields);

}  // namespace dexcc::oauth2
