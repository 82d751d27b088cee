// The protocol steps the scenarios are made of: the browser login walk, the token requests, and
// pulling the tokens out of a token response.
#pragma once

#include <optional>
#include <string>

#include "load/http_connection.h"
#include "load/target.h"

namespace dexcc::bench {

struct Tokens {
  std::string access_token;
  std::string refresh_token;
};

// GET /auth, following dexcc's redirects (single connector, mockCallback, approval skipped) until
// the one to the client's redirect URI; returns its code.
std::optional<std::string> authorize(HttpConnection& conn, const Target& t);
// POST /token with grant_type=authorization_code.
std::optional<Tokens> redeem_code(HttpConnection& conn, const Target& t, const std::string& code);
// authorize + redeem_code: one full login.
std::optional<Tokens> login(HttpConnection& conn, const Target& t);
// POST /token with grant_type=refresh_token; the answer carries the rotated refresh token.
std::optional<Tokens> refresh(HttpConnection& conn, const Target& t, const std::string& refresh_token);
// POST /token with grant_type=password.
std::optional<Tokens> password_grant(HttpConnection& conn, const Target& t);

// The value of a top-level string member of a flat JSON object such as a token response (no
// escapes expected: tokens are base64url or dex's id alphabet).
std::string json_string_member(const std::string& json, std::string_view name);

}  // namespace dexcc::bench
