// JWT claim parsing and the exp/nbf/iat/iss/aud checks.
#include "jose/jwt.h"

#include <fmt/format.h>

#include <cmath>

namespace dexcc::jose {
namespace {

// Year 5138: far beyond any real token, and well inside what microsecond Time can hold.
constexpr double kMaxNumericDate = 1e11;

std::unexpected<Error> invalid(std::string message) {
  return fail(ErrorKind::kInvalidClaims, std::move(message));
}

}  // namespace

Result<nlohmann::json> parse_claims(std::string_view payload) {
  nlohmann::json claims = nlohmann::json::parse(payload, nullptr, false);
  if (claims.is_discarded() || !claims.is_object())
    return fail(ErrorKind::kMalformed, "JWT claims are not a JSON object");
  return claims;
}

Result<std::optional<base::Time>> numeric_date(const nlohmann::json& claims, std::string_view name) {
  auto it = claims.find(name);
  if (it == claims.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) return fail(ErrorKind::kMalformed, fmt::format("claim \"{}\" is not a number", name));
  double seconds = it->get<double>();
  if (!std::isfinite(seconds) || std::fabs(seconds) > kMaxNumericDate) {
    return fail(ErrorKind::kMalformed, fmt::format("claim \"{}\" is out of range", name));
  }
  if (it->is_number_integer()) return base::from_unix_seconds(it->get<long long>());
  return base::Time(base::Duration(static_cast<long long>(std::llround(seconds * 1e6))));
}

bool has_audience(const nlohmann::json& claims, std::string_view audience) {
  auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return it->get_ref<const std::string&>() == audience;
  if (!it->is_array()) return false;
  for (const auto& a : *it) {
    if (a.is_string() && a.get_ref<const std::string&>() == audience) return true;
  }
  return false;
}

Result<void> check_claims(const nlohmann::json& claims, const ClaimChecks& checks) {
  auto exp = numeric_date(claims, "exp");
  if (!exp) return std::unexpected(exp.error());
  auto nbf = numeric_date(claims, "nbf");
  if (!nbf) return std::unexpected(nbf.error());
  auto iat = numeric_date(claims, "iat");
  if (!iat) return std::unexpected(iat.error());

  if (!*exp) {
    if (checks.require_exp) return invalid("token has no expiry");
  } else if (**exp + checks.leeway < checks.now) {
    return invalid("token is expired");
  }
  if (*nbf && checks.now + checks.leeway < **nbf) return invalid("token is not valid yet");
  if (checks.check_iat && *iat && **iat > checks.now + checks.leeway)
    return invalid("token was issued in the future");

  if (!checks.issuer.empty()) {
    auto iss = claims.find("iss");
    if (iss == claims.end() || !iss->is_string() || iss->get_ref<const std::string&>() != checks.issuer) {
      return invalid(fmt::format("token issuer is not \"{}\"", checks.issuer));
    }
  }
  if (!checks.audience.empty() && !has_audience(claims, checks.audience)) {
    return invalid(fmt::format("token audience does not include \"{}\"", checks.audience));
  }
  return {};
}

}  // namespace dexcc::jose
