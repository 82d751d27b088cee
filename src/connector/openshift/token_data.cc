// The oauth2.Token JSON dex stores for openshift logins.
#include "connector/openshift/token_data.h"

#include <nlohmann/json.hpp>

#include "base/go_json.h"
#include "base/json_fields.h"
#include "base/time_format.h"
#include "connector/upstream/stored_token.h"

namespace dexcc::connector::openshift {

std::string encode_token_data(const TokenData& token) {
  nlohmann::ordered_json j{{"access_token", token.access_token}};
  if (!token.token_type.empty()) j["token_type"] = token.token_type;
  if (!token.refresh_token.empty()) j["refresh_token"] = token.refresh_token;
  j["expiry"] = base::format_rfc3339_nano(token.expiry.value_or(base::go_zero_time()));
  if (token.expires_in != 0) j["expires_in"] = token.expires_in;
  return base::go_json_dump(j);
}

std::optional<TokenData> decode_token_data(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  TokenData t;
  std::string expiry;
  try {
    base::JsonFields f(j, "connector data");
    t.access_token = f.string("access_token");
    t.token_type = f.string("token_type");
    t.refresh_token = f.string("refresh_token");
    expiry = f.string("expiry");
    t.expires_in = f.integer("expires_in");
  } catch (const base::ConfigError&) {
    return std::nullopt;
  }
  if (!upstream::parse_go_expiry(expiry, t.expiry)) return std::nullopt;
  return t;
}

}  // namespace dexcc::connector::openshift
