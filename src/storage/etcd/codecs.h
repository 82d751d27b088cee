// The JSON values dex's etcd backend writes for each record (dex storage/etcd/types.go and the
// storage structs it stores as they are), so dex and dexcc read each other's keys.
//
// The conventions are dex's and mixed on purpose: AuthCode uses "ID"/"clientID", AuthRequest
// "client_id"; the keys record uses Go field names ("SigningKey", ...); a connector's config bytes
// sit under "email" (a historical dex bug kept for compatibility). Byte fields are base64 and `null`
// when empty, lists are `null` when empty (Go's nil slice), times are RFC 3339 with nanoseconds.
#pragma once

#include <string>
#include <string_view>

#include "storage/entities.h"
#include "storage/error.h"

namespace dexcc::storage::etcd {

std::string encode(const Client& v);
std::string encode(const AuthRequest& v);
std::string encode(const AuthCode& v);
std::string encode(const RefreshToken& v);
std::string encode(const OfflineSessions& v);
std::string encode(const Password& v);
std::string encode(const Connector& v);
Result<std::string> encode(const Keys& v);
std::string encode(const DeviceRequest& v);
std::string encode(const DeviceToken& v);

// Each decoder reads what Go's decoder reads for dex's struct: absent and null members are unset.
Result<void> decode(std::string_view json, Client& out);
Result<void> decode(std::string_view json, AuthRequest& out);
Result<void> decode(std::string_view json, AuthCode& out);
Result<void> decode(std::string_view json, RefreshToken& out);
Result<void> decode(std::string_view json, OfflineSessions& out);
Result<void> decode(std::string_view json, Password& out);
Result<void> decode(std::string_view json, Connector& out);
Result<void> decode(std::string_view json, Keys& out);
Result<void> decode(std::string_view json, DeviceRequest& out);
Result<void> decode(std::string_view json, DeviceToken& out);

}  // namespace dexcc::storage::etcd
