// dex's Kubernetes names: the API group, each kind's resource (plural) name, and object names from IDs.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace dexcc::storage::kubernetes {

inline constexpr std::string_view kGroup = "dex.coreos.com";
inline constexpr std::string_view kVersion = "v1";
inline constexpr std::string_view kApiVersion = "dex.coreos.com/v1";
// The one signing keys object (dex's keysName).
inline constexpr std::string_view kKeysName = "openid-connect-keys";

// One of dex's custom resources. `plural` keeps dex's historical spellings ("signingkeies",
// "offlinesessionses") because existing installations have CRDs and objects under those names.
struct Resource {
  std::string_view plural;
  std::string_view singular;
  std::string_view kind;
};

inline constexpr Resource kAuthCodes{"authcodes", "authcode", "AuthCode"};
inline constexpr Resource kAuthRequests{"authrequests", "authrequest", "AuthRequest"};
inline constexpr Resource kClients{"oauth2clients", "oauth2client", "OAuth2Client"};
inline constexpr Resource kKeys{"signingkeies", "signingkey", "SigningKey"};
inline constexpr Resource kRefreshTokens{"refreshtokens", "refreshtoken", "RefreshToken"};
inline constexpr Resource kPasswords{"passwords", "password", "Password"};
inline constexpr Resource kOfflineSessions{"offlinesessionses", "offlinesessions", "OfflineSessions"};
inline constexpr Resource kConnectors{"connectors", "connector", "Connector"};
inline constexpr Resource kDeviceRequests{"devicerequests", "devicerequest", "DeviceRequest"};
inline constexpr Resource kDeviceTokens{"devicetokens", "devicetoken", "DeviceToken"};

// Every CRD dex v2.45.1 creates, in its order.
inline constexpr std::array<Resource, 10> kAllResources{
    kAuthCodes, kAuthRequests,    kClients,    kKeys,           kRefreshTokens,
    kPasswords, kOfflineSessions, kConnectors, kDeviceRequests, kDeviceTokens};

// dex's idToName: base32 (lowercase alphabet, padding trimmed) of the ID's bytes followed by the
// FNV-1 64-bit hash of nothing. dex calls hash.Sum(id), which appends the (empty) hash state to
// the ID rather than hashing it, so the name carries the whole ID; clients and passwords use it.
std::string id_to_name(std::string_view id);

// dex's offlineTokenName: base32 of FNV-1 64 over userID then connID (a real hash this time).
std::string offline_session_name(std::string_view user_id, std::string_view conn_id);

}  // namespace dexcc::storage::kubernetes
