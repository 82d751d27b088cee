// The generic oauth connector's identity: from the userinfo answer (and the access token's
// payload, for groups) with the configured keys (reference dex-connectors-web-api.md §2.5). Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "connector/connector.h"

namespace dexcc::connector::oauth {

struct ClaimKeys {
  std::string user_id = "id";
  std::string user_name = "user_name";
  std::string preferred_username = "preferred_username";
  std::string groups = "groups";
  std::string email = "email";
  std::string email_verified = "email_verified";
};

// Go's fmt "%v" of a float64 (strconv 'g', shortest, exponent form from 1e+06 on and below 1e-04):
// what dex makes of a numeric user ID. 12345 -> "12345", 1234567 -> "1.234567e+06".
std::string go_format_float(double value);

// The identity, or dex's errors: `OAuth Connector: not found id claim`, `OAuth Connector: id
// claim should be string or number, got bool`. Groups (only with `groups`) are the union of the
// userinfo claim and the same claim in the access token's payload when it looks like a JWT (not
// verified, as dex), sorted: dex's order is a Go map's, random.
Result<Identity> identity_from_userinfo(const nlohmann::json& userinfo, std::string_view access_token,
                                        const ClaimKeys& keys, bool groups);

}  // namespace dexcc::connector::oauth
