// go-oidc's ID token checks, with its error wording, over jose's JWS parsing and verification.
#include "connector/oidc/id_token.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "base/random.h"
#include "base/text.h"
#include "base/time_format.h"
#include "jose/jws.h"

namespace dexcc::connector::oidc {
namespace {

// A NumericDate (RFC 7519 §2): a JSON number of seconds, fractions allowed.
std::optional<base::Time> numeric_date(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  double seconds = it->get<double>();
  if (!std::isfinite(seconds) || std::abs(seconds) > 1e11) return std::nullopt;
  return base::Time(std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6)));
}

// Go's %q of a []string: ["a" "b"].
std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + base::go_quote(items[i]);
  return out + "]";
}

}  // namespace

Result<nlohmann::json> check_id_token_claims(std::string_view payload, const IdTokenRules& rules,
                                             base::Time now) {
  nlohmann::json claims = nlohmann::json::parse(payload, nullptr, false);
  if (claims.is_discarded() || !claims.is_object())
    return failed("oidc: failed to unmarshal claims: not a JSON object");

  auto iss = claims.find("iss");
  std::string issuer = iss != claims.end() && iss->is_string() ? iss->get<std::string>() : "";
  if (issuer != rules.issuer) {
    return failed(fmt::format("oidc: id token issued by a different provider, expected {} got {}",
                              base::go_quote(rules.issuer), base::go_quote(issuer)));
  }

  if (!rules.skip_audience) {
    std::vector<std::string> audience;
    auto aud = claims.find("aud");
    if (aud != claims.end() && aud->is_string()) audience.push_back(aud->get<std::string>());
    if (aud != claims.end() && aud->is_array()) {
      for (const auto& a : *aud) {
        if (!a.is_string()) return failed("oidc: failed to unmarshal claims: aud holds a non-string");
        audience.push_back(a.get<std::string>());
      }
    }
    if (std::find(audience.begin(), audience.end(), rules.client_id) == audience.end()) {
      return failed(fmt::format("oidc: expected audience {} got {}", base::go_quote(rules.client_id),
                                quoted_list(audience)));
    }
  }

  // A token without exp has Go's zero expiry, which is long past.
  auto exp = numeric_date(claims, "exp");
  if (!exp || now > *exp) {
    return failed(fmt::format("oidc: token is expired (Token Expiry: {})",
                              exp ? base::format_rfc3339_nano(*exp) : std::string("0001-01-01T00:00:00Z")));
  }
  if (auto nbf = numeric_date(claims, "nbf"); nbf && now + std::chrono::minutes(5) < *nbf) {
    return failed(fmt::format("oidc: current time {} before the nbf (not before) time: {}",
                              base::format_rfc3339_nano(now), base::format_rfc3339_nano(*nbf)));
  }

  if (!rules.nonce.empty()) {
    auto nonce = claims.find("nonce");
    // Compared in constant time: the nonce is the login's secret binding of this token.
    if (nonce == claims.end() || !nonce->is_string() ||
        !base::constant_time_equal(nonce->get_ref<const std::string&>(), rules.nonce)) {
      return failed("oidc: the ID token's nonce does not match the login's");
    }
  }
  return claims;
}

Result<nlohmann::json> verify_id_token(std::string_view raw, const IdTokenRules& rules,
                                       const RemoteKeySet& keys, base::Time now) {
  auto jws = jose::parse_compact(raw);
  if (!jws) return failed(fmt::format("oidc: malformed jwt: {}", jws.error().message));
  auto claims = check_id_token_claims(jws->payload, rules, now);
  if (!claims) return claims;
  if (std::find(rules.algorithms.begin(), rules.algorithms.end(), jws->alg) == rules.algorithms.end()) {
    std::vector<std::string> names;
    for (auto alg : rules.algorithms) names.emplace_back(jose::algorithm_name(alg));
    return failed(fmt::format("oidc: id token signed with unsupported algorithm, expected {} got {}",
                              quoted_list(names), base::go_quote(jose::algorithm_name(jws->alg))));
  }
  if (auto verified = keys.verify(*jws); !verified) {
    return failed(fmt::format("failed to verify signature: {}", verified.error().message));
  }
  return claims;
}

}  // namespace dexcc::connector::oidc
