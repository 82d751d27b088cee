// The connector module: how dexcc reaches the places identities live (reference
// dex-connectors-web-api.md §1). A connector is opened once from its config and is then immutable
// and thread-safe; it never sees YAML or HTTP handlers. Each connector implements the capability
// interfaces it supports (checked at compile time with static_assert), and `capabilities_of`
// resolves them once at open time so no request needs a dynamic_cast.
//
//   capability          used by
//   CallbackConnector   GET /auth/{id} -> upstream -> GET /callback
//   PasswordConnector   /auth/{id}/login form, and the password grant
//   SamlConnector       /auth/{id} auto-POST form -> POST /callback
//   RefreshConnector    refresh_token grant (upstream refresh inside the storage update)
//   TokenIdentityConnector  token exchange grant
//
// This module must not depend on server/ or web/.
#pragma once

#include <concepts>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "storage/entities.h"

namespace dexcc::connector {

// What the client asked for, as connectors see it (dex passes only these two booleans).
struct Scopes {
  bool offline_access = false;
  bool groups = false;
};
// The connector scopes dex derives from a request's scopes: offline_access and groups.
Scopes scopes_from(const std::vector<std::string>& requested);

// The user an upstream authenticated: the claims that are stored with the login (an Identity is a
// storage::Claims, so it is stored as is), plus the connector's own state.
struct Identity : storage::Claims {
  // Opaque connector state (upstream tokens), stored with the login and handed back on refresh.
  std::string connector_data;
};

struct Error {
  enum class Kind {
    kFailed,                   // anything the user cannot fix: 500 pages, server_error
    kUserNotInRequiredGroups,  // the one error dex answers with 403
  };
  Kind kind = Kind::kFailed;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> failed(std::string message) {
  return std::unexpected(Error{Error::Kind::kFailed, std::move(message)});
}

struct LoginRedirect {
  std::string url;             // where to send the browser
  std::string connector_data;  // saved on the auth request (e.g. a PKCE verifier)
};

class CallbackConnector {
 public:
  virtual ~CallbackConnector() = default;
  // `callback_url` is <issuer>/callback; `state` is the auth request ID.
  virtual Result<LoginRedirect> login_url(const Scopes& scopes, const std::string& callback_url,
                                          const std::string& state) const = 0;
  virtual Result<Identity> handle_callback(const Scopes& scopes, const std::string& connector_data,
                                           const http::Request& request) const = 0;
};

class PasswordConnector {
 public:
  virtual ~PasswordConnector() = default;
  // The username field's label; empty means "Username".
  virtual std::string prompt() const = 0;
  // nullopt: the credentials are wrong (the form is shown again); an error: the connector failed.
  virtual Result<std::optional<Identity>> login(const Scopes& scopes, std::string_view username,
                                                std::string_view password) const = 0;
};

struct SamlPost {
  std::string sso_url;
  std::string saml_request;  // base64
};

class SamlConnector {
 public:
  virtual ~SamlConnector() = default;
  virtual Result<SamlPost> post_data(const Scopes& scopes, const std::string& request_id) const = 0;
  virtual Result<Identity> handle_post(const Scopes& scopes, const std::string& saml_response,
                                       const std::string& in_response_to) const = 0;
};

class RefreshConnector {
 public:
  virtual ~RefreshConnector() = default;
  // `identity` is rebuilt from stored claims plus the stored connector data.
  virtual Result<Identity> refresh(const Scopes& scopes, const Identity& identity) const = 0;
};

class TokenIdentityConnector {
 public:
  virtual ~TokenIdentityConnector() = default;
  virtual Result<Identity> token_identity(std::string_view subject_token_type,
                                          std::string_view subject_token) const = 0;
};

// The interfaces one connector implements, resolved once.
struct Capabilities {
  const CallbackConnector* callback = nullptr;
  const PasswordConnector* password = nullptr;
  const SamlConnector* saml = nullptr;
  const RefreshConnector* refresh = nullptr;
  const TokenIdentityConnector* token_identity = nullptr;
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual Capabilities capabilities() const = 0;
};

// Resolves a concrete connector's capabilities from its static type.
template <class T>
Capabilities capabilities_of(const T* c) {
  Capabilities caps;
  if constexpr (std::derived_from<T, CallbackConnector>) caps.callback = c;
  if constexpr (std::derived_from<T, PasswordConnector>) caps.password = c;
  if constexpr (std::derived_from<T, SamlConnector>) caps.saml = c;
  if constexpr (std::derived_from<T, RefreshConnector>) caps.refresh = c;
  if constexpr (std::derived_from<T, TokenIdentityConnector>) caps.token_identity = c;
  return caps;
}

}  // namespace dexcc::connector
