// JWT claims (RFC 7519 §4.1): the payload as a JSON object, and small time/issuer/audience checks.
// Which checks apply, and with what leeway, is the server's policy; these only apply them.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

#include "base/clock.h"
#include "jose/error.h"

namespace dexcc::jose {

// The payload must be one JSON object (kMalformed otherwise).
Result<nlohmann::json> parse_claims(std::string_view payload);

// A NumericDate claim (seconds since the epoch, fractions allowed); nullopt when absent,
// kMalformed when it is not a finite number in a sane range.
Result<std::optional<base::Time>> numeric_date(const nlohmann::json& claims, std::string_view name);

// Whether "aud", a string or an array of strings, names `audience`.
bool has_audience(const nlohmann::json& claims, std::string_view audience);

struct ClaimChecks {
  base::Time now;
  base::Duration leeway{0};   // clock skew allowed for exp, nbf and (when checked) iat
  std::string_view issuer;    // "iss" must equal it; not checked when empty
  std::string_view audience;  // "aud" must name it; not checked when empty
  bool require_exp = true;
  // go-oidc, which dex verifies tokens with, ignores iat; opt in where a future iat matters.
  bool check_iat = false;
};

// Rejects (kInvalidClaims) as go-oidc does: exp missing (when required) or exp + leeway before
// now (a token is still good at its exp second); now + leeway before nbf; with check_iat, iat
// after now + leeway; iss or aud not matching. Malformed dates are kMalformed.
Result<void> check_claims(const nlohmann::json& claims, const ClaimChecks& checks);

}  // namespace dexcc::jose
