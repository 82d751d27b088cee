// dex's token ConnectorData in Go's JSON, and x/oauth2's reuse-or-refresh rule.
#include "connector/upstream/token_data.h"

#include <nlohmann/json.hpp>

#include "base/go_json.h"
#include "base/time_format.h"

namespace dexcc::connector::upstream {
namespace {

// x/oauth2 treats a token as expired this long before its expiry.
constexpr auto kExpiryDelta = std::chrono::seconds(10);

bool read_string(const nlohmann::json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

std::string encode_token_data(const TokenData& data, TokenFields fields) {
  nlohmann::ordered_json j{{"accessToken", data.access_token}};
  if (fields != TokenFields::kAccess) j["refreshToken"] = data.refresh_token;
  if (fields == TokenFields::kAccessRefreshExpiry) {
    j["expiry"] = base::format_rfc3339_nano(data.expiry.value_or(base::go_zero_time()));
  }
  return base::go_json_dump(j);
}

std::optional<TokenData> decode_token_data(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  TokenData data;
  if (!read_string(j, "accessToken", data.access_token)) return std::nullopt;
  if (!read_string(j, "refreshToken", data.refresh_token)) return std::nullopt;
  std::string expiry;
  if (!read_string(j, "expiry", expiry)) return std::nullopt;
  if (!expiry.empty()) {
    auto t = base::parse_rfc3339(expiry);
    if (!t) return std::nullopt;
    if (*t != base::go_zero_time()) data.expiry = *t;
  }
  return data;
}

TokenData token_data_from(const Token& token, base::Time now) {
  TokenData data{token.access_token, token.refresh_token, std::nullopt};
  if (token.expires_in != 0) data.expiry = now + std::chrono::seconds(token.expires_in);
  return data;
}

Result<TokenData> current_token(const TokenData& stored, const TokenEndpoint& endpoint, base::Time now,
                                bool& renewed) {
  renewed = false;
  bool valid = !stored.access_token.empty() && (!stored.expiry || *stored.expiry - kExpiryDelta > now);
  if (valid) return stored;
  if (stored.refresh_token.empty()) return failed("oauth2: token expired and refresh token is not set");
  auto token = endpoint.refresh(stored.refresh_token);
  if (!token) return std::unexpected(token.error());
  renewed = true;
  return token_data_from(*token, now);
}

}  // namespace dexcc::connector::upstream
