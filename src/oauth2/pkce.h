// PKCE (RFC 7636): code_challenge_method validation and code_verifier checking.
#pragma once

#include <string>
#include <string_view>

namespace dexcc::oauth2 {

constexpr std::string_view kPkceS256 = "S256";
constexpr std::string_view kPkcePlain = "plain";

bool pkce_method_supported(std::string_view method);
// base64url_nopad(SHA-256(verifier)) for S256, the verifier itself for plain.
std::string pkce_challenge(std::string_view verifier, std::string_view method);
// Constant-time comparison of the computed challenge with the stored one.
bool pkce_verify(std::string_view verifier, std::string_view challenge, std::string_view method);

}  // namespace dexcc::oauth2
