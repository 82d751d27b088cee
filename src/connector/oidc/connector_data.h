// The oidc connector's two ConnectorData blobs in dex's formats (reference §1.3), so that
// sessions and logins dex started keep working: the login's (PKCE verifier, and dexcc's nonce)
// and the session's upstream refresh token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dexcc::connector::oidc {

// AuthRequest.ConnectorData: {"codeChallenge": <the verifier, dex's naming>, "codeChallengeMethod":
// "S256"|"plain"} when PKCE is on, plus "nonce" (dexcc's; dex ignores the member). Empty members
// are left out.
struct LoginData {
  std::string code_verifier;
  std::string code_challenge_method;
  std::string nonce;
};
std::string encode_login_data(const LoginData& data);
// Empty input (a dex login without PKCE) is an empty LoginData; nullopt when it is not this format.
std::optional<LoginData> decode_login_data(std::string_view text);

// OfflineSession.ConnectorData: {"RefreshToken":"<standard base64 of the token>"}, Go's encoding
// of a []byte field without a JSON tag; written even when the token is empty.
std::string encode_refresh_data(std::string_view refresh_token);
// nullopt when `text` is not that JSON (dex: "failed to unmarshal connector data"); a null or
// missing member is an empty token.
std::optional<std::string> decode_refresh_data(std::string_view text);

}  // namespace dexcc::connector::oidc
