// StoredToken's JSON with Go's encoding of time.Time, and its validity window.
#include "connector/upstream/stored_token.h"

#include <nlohmann/json.hpp>

#include "base/go_json.h"
#include "base/json_fields.h"
#include "base/time_format.h"

namespace dexcc::connector::upstream {
namespace {

// x/oauth2 refreshes a token this long before it expires.
constexpr auto kExpiryDelta = std::chrono::seconds(10);

}  // namespace

StoredToken StoredToken::from(const Token& token, base::Time now) {
  StoredToken t{.access_token = token.access_token, .refresh_token = token.refresh_token};
  if (token.expires_in > 0) t.expiry = now + std::chrono::seconds(token.expires_in);
  return t;
}

bool StoredToken::valid(base::Time now) const {
  return !access_token.empty() && (!expiry || now + kExpiryDelta < *expiry);
}

bool parse_go_expiry(const std::string& text, std::optional<base::Time>& out) {
  out.reset();
  if (text.empty()) return true;
  auto parsed = base::parse_rfc3339(text);
  if (!parsed) return false;
  if (*parsed != base::go_zero_time()) out = *parsed;
  return true;
}

std::string encode_stored_token(const StoredToken& token) {
  nlohmann::ordered_json j{
      {"accessToken", token.access_token},
      {"refreshToken", token.refresh_token},
      {"expiry", base::format_rfc3339_nano(token.expiry.value_or(base::go_zero_time()))}};
  return base::go_json_dump(j);
}

std::optional<StoredToken> decode_stored_token(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  StoredToken t;
  std::string expiry;
  try {
    // JsonFields reads as Go's decoder does: names in any case, null as absent, strings only.
    base::JsonFields f(j, "connector data");
    t.access_token = f.string("accessToken");
    t.refresh_token = f.string("refreshToken");
    expiry = f.string("expiry");
  } catch (const base::ConfigError&) {
    return std::nullopt;
  }
  if (!parse_go_expiry(expiry, t.expiry)) return std::nullopt;
  return t;
}

}  // namespace dexcc::connector::upstream
