// The custom resource objects dex's Kubernetes storage writes (dex storage/kubernetes/types.go),
// so dex and dexcc read and write each other's objects.
//
// Field names are dex's JSON tags, mixed as dex has them: "clientID" and "redirectURI", but
// "code_challenge", "hmac_key" and the device flow's snake_case; RefreshToken's "CreatedAt" and
// "LastUsed" are untagged Go names; byte fields are base64; omitempty members are left out when
// empty. Object names: clients and passwords id_to_name(ID / lower-cased email), offline sessions
// offline_session_name, device requests the lower-cased user code, the rest their IDs.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "storage/entities.h"
#include "storage/error.h"
#include "storage/kubernetes/names.h"

namespace dexcc::storage::kubernetes {

using Object = nlohmann::ordered_json;

// The object name of each record (what the API path ends with).
std::string object_name(const Client& v);
std::string object_name(const AuthRequest& v);
std::string object_name(const AuthCode& v);
std::string object_name(const RefreshToken& v);
std::string object_name(const OfflineSessions& v);
std::string object_name(const Password& v);
std::string object_name(const Connector& v);
std::string object_name(const Keys& v);
std::string object_name(const DeviceRequest& v);
std::string object_name(const DeviceToken& v);

// The whole object (kind, apiVersion, metadata with name and namespace, then dex's fields).
Object encode(const Client& v, std::string_view ns);
Object encode(const AuthRequest& v, std::string_view ns);
Object encode(const AuthCode& v, std::string_view ns);
Object encode(const RefreshToken& v, std::string_view ns);
Object encode(const OfflineSessions& v, std::string_view ns);
Object encode(const Password& v, std::string_view ns);
Object encode(const Connector& v, std::string_view ns);
Result<Object> encode(const Keys& v, std::string_view ns);
Object encode(const DeviceRequest& v, std::string_view ns);
Object encode(const DeviceToken& v, std::string_view ns);

// Absent and null members are unset, as Go's decoder leaves them; a member of the wrong type fails.
Result<void> decode(const nlohmann::json& object, Client& out);
Result<void> decode(const nlohmann::json& object, AuthRequest& out);
Result<void> decode(const nlohmann::json& object, AuthCode& out);
Result<void> decode(const nlohmann::json& object, RefreshToken& out);
Result<void> decode(const nlohmann::json& object, OfflineSessions& out);
Result<void> decode(const nlohmann::json& object, Password& out);
Result<void> decode(const nlohmann::json& object, Connector& out);
Result<void> decode(const nlohmann::json& object, Keys& out);
Result<void> decode(const nlohmann::json& object, DeviceRequest& out);
Result<void> decode(const nlohmann::json& object, DeviceToken& out);

// The resource each record type lives in.
template <class T>
const Resource& resource_of();

}  // namespace dexcc::storage::kubernetes
