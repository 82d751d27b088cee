// An upstream OAuth2 token response, read as golang.org/x/oauth2 reads it (JSON or form-encoded).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "connector/connector.h"

namespace dexcc::connector::upstream {

struct Token {
  std::string access_token;
  std::string token_type;
  std::string refresh_token;
  int64_t expires_in = 0;  // seconds; 0 when the provider sent none
  // Every member of the response, strings only for a form-encoded one: where dex's Extra() looks.
  nlohmann::json raw = nlohmann::json::object();

  // Extra("name") as a string; empty when absent or not a string (dex's `.(string)` assertion).
  std::string extra_string(std::string_view name) const;
};

// Reads a token endpoint's answer. `status` outside 2xx fails with the provider's error code and
// description when the body carries them (`oauth2: "invalid_grant" "expired"`), else with the
// status alone; the body is never quoted, so the message may be logged. The body is form-encoded
// when Content-Type says application/x-www-form-urlencoded or text/plain, JSON otherwise. A
// response without access_token fails, as x/oauth2 makes it fail.
Result<Token> parse_token_response(int status, std::string_view content_type, std::string_view body);

}  // namespace dexcc::connector::upstream
