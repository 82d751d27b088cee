// The device authorization grant (RFC 8628; reference dex-server.md §3.5):
//
//   POST /device/code              the device asks for codes (client authenticated here)
//   GET  /device                   the user enters the user code
//   POST /device/auth/verify_code  the code is checked; 302 into /auth (no client secret in the URL)
//   ... the normal browser flow, redirecting to <issuer path>/device/callback ...
//   GET  /device/callback          the code is redeemed for the device; tokens stored
//   POST /token (device_code), POST /device/token (legacy)   the device polls
//
// A finished device code is redeemed once: the stored token response is taken out atomically.
#pragma once

#include "http/router.h"
#include "server/auth/pages.h"
#include "server/issuer.h"
#include "server/grants/authorization_code.h"
#include "server/grants/endpoint.h"

namespace dexcc::server::device {

constexpr std::string_view kDeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

// The device's polling, a grant without client authentication.
class DeviceCodeGrant final : public grants::Grant {
 public:
  DeviceCodeGrant(storage::DeviceTokenStore& device_tokens, const base::Clock& clock)
      : device_tokens_(device_tokens), clock_(clock) {}
  std::string_view type() const override { return kDeviceCodeGrant; }
  bool authenticates_client() const override { return false; }
  oauth2::Result<grants::TokenResponse> exchange(const grants::GrantRequest& request) const override;

 private:
  storage::DeviceTokenStore& device_tokens_;
  const base::Clock& clock_;
};

// What the device endpoints read and write.
struct DeviceStores {
  storage::ClientStore& clients;
  storage::DeviceRequestStore& device_requests;
  storage::DeviceTokenStore& device_tokens;
  storage::AuthCodeStore& auth_codes;  // the code the browser flow left for the device
};

class DeviceFlow {
 public:
  DeviceFlow(const Issuer& issuer, DeviceStores stores, const base::Clock& clock, base::Duration request_ttl,
             const grants::AuthorizationCodeGrant& codes, const grants::TokenEndpoint& endpoint, const auth::Pages& pages);

  // Mounts /device/code, /device, /device/auth/verify_code, /device/callback and /device/token.
  void mount(http::Router& router) const;

  http::Response handle_device_code(const http::Request& req) const;
  http::Response handle_user_code_page(const http::Request& req) const;
  http::Response handle_verify_user_code(const http::Request& req) const;
  http::Response handle_callback(const http::Request& req) const;
  http::Response handle_legacy_token(const http::Request& req) const;

 private:
  const Issuer& issuer_;
  DeviceStores stores_;
  const base::Clock& clock_;
  base::Duration request_ttl_;
  const grants::AuthorizationCodeGrant& codes_;
  const grants::TokenEndpoint& endpoint_;
  const auth::Pages& pages_;
};

}  // namespace dexcc::server::device
