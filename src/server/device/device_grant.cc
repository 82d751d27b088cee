// Device polling: pending with slow_down pacing, expiry, PKCE, and one-time delivery of the tokens.
#include <optional>

#include "oauth2/pkce.h"
#include "server/device/device_flow.h"

namespace dexcc::server::device {
namespace {

constexpr int64_t kIntervalStep = 5;

oauth2::Error bare(const char* code) { return oauth2::make_error(code, ""); }

}  // namespace

oauth2::Result<grants::TokenResponse> DeviceCodeGrant::exchange(const grants::GrantRequest& r) const {
  std::string device_code(r.body.get("device_code"));
  if (device_code.empty()) return std::unexpected(oauth2::invalid_request("No device code received"));
  auto t = device_tokens_.get_device_token(device_code);
  if (!t) {
    if (t.error().not_found()) return std::unexpected(oauth2::invalid_request("Invalid Device code."));
    return std::unexpected(oauth2::server_error("get device token: " + t.error().message));
  }
  base::Time now = clock_.now();
  if (now > t->expiry) return std::unexpected(bare("expired_token"));

  if (t->status == storage::kDeviceTokenPending) {
    // Polling faster than the stored interval earns slow_down and 5 more seconds (RFC 8628 §3.5).
    bool slow_down = now < t->last_request_time + std::chrono::seconds(t->poll_interval_seconds);
    int64_t interval = slow_down ? t->poll_interval_seconds + kIntervalStep : kIntervalStep;
    auto u = device_tokens_.update_device_token(device_code, [&](storage::DeviceToken old) -> storage::Result<storage::DeviceToken> {
      old.poll_interval_seconds = interval;
      old.last_request_time = now;
      return old;
    });
    if (!u) return std::unexpected(oauth2::server_error("update device token: " + u.error().message));
    return std::unexpected(bare(slow_down ? "slow_down" : "authorization_pending"));
  }

  std::string verifier(r.body.get("code_verifier"));
  const std::string& challenge = t->pkce.code_challenge;
  if (!verifier.empty() && !challenge.empty()) {
    if (!oauth2::pkce_verify(verifier, challenge, t->pkce.code_challenge_method)) {
      return std::unexpected(oauth2::invalid_grant("Invalid code_verifier."));
    }
  } else if (!verifier.empty()) {
    return std::unexpected(oauth2::invalid_request("No PKCE flow started. Cannot check code_verifier."));
  } else if (!challenge.empty()) {
    return std::unexpected(oauth2::invalid_grant("Expecting parameter code_verifier in PKCE flow."));
  }

  // Take the stored response out atomically: dex hands it out until garbage collection, dexcc once.
  std::optional<std::string> taken;
  auto u = device_tokens_.update_device_token(device_code, [&](storage::DeviceToken old) -> storage::Result<storage::DeviceToken> {
    if (old.status != storage::kDeviceTokenComplete || old.token.empty()) return storage::fail("already redeemed");
    taken = old.token;
    old.token.clear();
    return old;
  });
  if (!u || !taken) return std::unexpected(oauth2::invalid_grant("The device code was already redeemed."));
  grants::TokenResponse out;
  out.stored_json = *taken;
  return out;
}

}  // namespace dexcc::server::device
