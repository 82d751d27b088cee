// Value encodings inside dex's SQL tables (reference dex-server.md §7.7), shared by the SQL backends.
//
// JSON columns hold Go encoding/json output, byte for byte: string lists (`null` when empty, as Go
// writes a nil slice), offline_session.refresh (Go field names, RFC 3339 times with nanoseconds),
// keys.verification_keys and the JWK columns (go-jose's JSON, `null` for no key). Decoders accept
// what Go's decoder accepts for these shapes: `null`, member names in any case, any UTC offset.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/entities.h"
#include "storage/error.h"

namespace dexcc::storage::sql {

std::string encode_string_list(const std::vector<std::string>& list);
Result<std::vector<std::string>> decode_string_list(std::string_view json, std::string_view column);

std::string encode_refresh_refs(const std::map<std::string, RefreshTokenRef>& refs);
Result<std::map<std::string, RefreshTokenRef>> decode_refresh_refs(std::string_view json);

// A JWK re-encoded compactly in its own member order; an empty Jwk gives `null`.
Result<std::string> encode_jwk(const Jwk& jwk, std::string_view column);
Result<Jwk> decode_jwk(std::string_view json, std::string_view column);

Result<std::string> encode_verification_keys(const std::vector<VerificationKey>& keys);
Result<std::vector<VerificationKey>> decode_verification_keys(std::string_view json);

}  // namespace dexcc::storage::sql
