// The user-facing error texts of the browser flow, as dex words them.
#pragma once

namespace dexcc::server::auth {

inline constexpr const char* kMsgNoResource = "Requested resource does not exist.";
inline constexpr const char* kMsgSessionError = "User session error.";
inline constexpr const char* kMsgSessionExpired = "User session has expired.";
inline constexpr const char* kMsgLoginError = "Login error. Please contact your administrator or try again later.";
inline constexpr const char* kMsgAuthFailed =
    "Authentication failed. Please contact your administrator or try again later.";
inline constexpr const char* kMsgNotInGroups = "You are not a member of any of the required groups to authenticate.";
inline constexpr const char* kMsgUnauthorized = "Unauthorized request";
inline constexpr const char* kMsgDatabase = "Database error.";
inline constexpr const char* kMsgInvalidRedirect = "Invalid redirect URI.";

}  // namespace dexcc::server::auth
