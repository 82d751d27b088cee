// The records dex v2.45.1 keeps in storage (reference dex-server.md §7.2), as plain values.
//
// Field names follow dex's Go fields in snake_case. Byte fields (connector data, hashes, HMAC keys,
// connector configs) are std::string holding raw bytes; an empty one is stored as SQL NULL. Lists
// that are empty are written as JSON `null`, as Go writes a nil slice. Every time is UTC; unset
// times are Go's zero time (kZeroTime), which is what dex writes for them. Fields that only exist
// in the config file (a static client's idEnv/secretEnv, a static password's hashFromEnv) are
// resolved by the config module and never reach storage.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/secret_string.h"

namespace dexcc::storage {

using base::Time;

// Go's zero time.Time (0001-01-01T00:00:00Z), the same instant as base::go_zero_time().
inline constexpr Time kZeroTime{std::chrono::sys_days{std::chrono::year{1} / 1 / 1}};

// Identity claims of a logged-in user, as the connector returned them.
struct Claims {
  std::string user_id;
  std::string username;
  std::string preferred_username;
  std::string email;
  bool email_verified = false;
  std::vector<std::string> groups;

  bool operator==(const Claims&) const = default;
};

// RFC 7636 code challenge carried from /auth to /token.
struct Pkce {
  std::string code_challenge;
  std::string code_challenge_method;

  bool operator==(const Pkce&) const = default;
};

// An authorization request in flight: from /auth until the code is issued. Key: id.
struct AuthRequest {
  std::string id;
  std::string client_id;
  std::vector<std::string> response_types;
  std::vector<std::string> scopes;
  std::string redirect_uri;
  std::string nonce;
  std::string state;
  bool force_approval_prompt = false;
  Time expiry = kZeroTime;
  bool logged_in = false;
  Claims claims;
  std::string connector_id;
  std::string connector_data;  // raw bytes
  Pkce pkce;
  std::string hmac_key;  // raw bytes; signs the approval form

  bool operator==(const AuthRequest&) const = default;
};

// An authorization code. Key: id (the code value itself).
struct AuthCode {
  std::string id;
  std::string client_id;
  std::string redirect_uri;
  std::string nonce;
  std::vector<std::string> scopes;
  std::string connector_id;
  std::string connector_data;  // raw bytes
  Claims claims;
  Time expiry = kZeroTime;
  Pkce pkce;

  bool operator==(const AuthCode&) const = default;
};

// A refresh token. Key: id. `token` is the current secret, `obsolete_token` the previous one
// (accepted within the reuse interval). `connector_data` is legacy: dex clears it on first refresh
// and keeps connector data in OfflineSessions instead.
struct RefreshToken {
  std::string id;
  std::string token;
  std::string obsolete_token;
  Time created_at = kZeroTime;
  Time last_used = kZeroTime;
  std::string client_id;
  std::string connector_id;
  std::string connector_data;  // raw bytes
  Claims claims;
  std::vector<std::string> scopes;
  std::string nonce;

  bool operator==(const RefreshToken&) const = default;
};

// One client's live refresh token inside OfflineSessions.
struct RefreshTokenRef {
  std::string id;
  std::string client_id;
  Time created_at = kZeroTime;
  Time last_used = kZeroTime;

  bool operator==(const RefreshTokenRef&) const = default;
};

// What a user has granted offline access to, per connector. Key: (user_id, conn_id).
struct OfflineSessions {
  std::string user_id;
  std::string conn_id;
  std::map<std::string, RefreshTokenRef> refresh;  // by client ID
  std::string connector_data;                      // raw bytes

  bool operator==(const OfflineSessions&) const = default;
};

// A local (password database) user. Key: email, always lower-cased by storage.
struct Password {
  std::string email;
  std::string hash;  // bcrypt text as bytes
  std::string username;
  std::string name;
  std::string preferred_username;
  std::optional<bool> email_verified;  // unset means verified (dex: *bool, nil = true)
  std::string user_id;
  std::vector<std::string> groups;

  bool operator==(const Password&) const = default;
};

// A connector stored through the API (or a static one from the config). Key: id.
struct Connector {
  std::string id;
  std::string type;
  std::string name;
  std::string resource_version;
  std::string config;  // raw JSON bytes, the connector's own config block

  bool operator==(const Connector&) const = default;
};

// An OAuth2 client (reference §6.1). Key: id.
struct Client {
  std::string id;
  std::string secret;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> trusted_peers;
  bool is_public = false;
  std::string name;
  std::string logo_url;

  bool operator==(const Client&) const = default;
};

// A JSON Web Key as go-jose writes it: compact JSON text with go-jose's member order
// (use, kty, kid, crv, alg, k, x, y, n, e, d, p, q, dp, dq, qi, x5c, ...). Storage keeps the text
// as given so it needs no crypto; empty means "no key" (Go nil, stored as `null`).
using Jwk = std::string;

struct VerificationKey {
  Jwk public_key;
  Time expiry = kZeroTime;

  bool operator==(const VerificationKey&) const = default;
};

// The signing keys, a singleton record.
struct Keys {
  base::SecretString signing_key;                  // private JWK, wiped when freed
  Jwk signing_key_pub;                             // its public half
  std::vector<VerificationKey> verification_keys;  // retired keys still valid for verification
  Time next_rotation = kZeroTime;

  bool operator==(const Keys&) const = default;
};

// RFC 8628 device authorization request. Key: user_code.
struct DeviceRequest {
  std::string user_code;
  std::string device_code;
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes;
  Time expiry = kZeroTime;

  bool operator==(const DeviceRequest&) const = default;
};

// The device's view of a device authorization. Key: device_code. `token` is the token response
// JSON stored once the user approved, polled until garbage collection removes it.
struct DeviceToken {
  std::string device_code;
  std::string status;  // "authorization_pending" or "complete"
  std::string token;
  Time expiry = kZeroTime;
  Time last_request_time = kZeroTime;
  int64_t poll_interval_seconds = 0;
  Pkce pkce;

  bool operator==(const DeviceToken&) const = default;
};

inline constexpr const char* kDeviceTokenPending = "authorization_pending";
inline constexpr const char* kDeviceTokenComplete = "complete";

// What one garbage-collection pass removed.
struct GcResult {
  int64_t auth_requests = 0;
  int64_t auth_codes = 0;
  int64_t device_requests = 0;
  int64_t device_tokens = 0;

  bool empty() const {
    return auth_requests == 0 && auth_codes == 0 && device_requests == 0 && device_tokens == 0;
  }
  bool operator==(const GcResult&) const = default;
};

}  // namespace dexcc::storage
