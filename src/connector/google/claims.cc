// The google connector's claim reading, as dex decodes them into its claims struct.
#include "connector/google/claims.h"

#include <fmt/format.h>

#include <algorithm>

namespace dexcc::connector::google {
namespace {

// encoding/json into a string field: absent or null leaves it empty, another type is an error.
bool read(const nlohmann::json& claims, const char* name, std::string& out) {
  auto it = claims.find(name);
  if (it == claims.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

Result<Identity> identity_from_claims(const nlohmann::json& claims,
                                      const std::vector<std::string>& hosted_domains) {
  if (!claims.is_object()) return failed("oidc: failed to decode claims: not a JSON object");
  Identity id;
  std::string hd;
  for (auto [name, out] : {std::pair{"sub", &id.user_id}, std::pair{"name", &id.username},
                           std::pair{"email", &id.email}, std::pair{"hd", &hd}}) {
    if (!read(claims, name, *out)) {
      return failed(
          fmt::format("oidc: failed to decode claims: json: cannot unmarshal {} into a string", name));
    }
  }
  if (auto v = claims.find("email_verified"); v != claims.end() && !v->is_null()) {
    if (!v->is_boolean()) {
      return failed("oidc: failed to decode claims: json: cannot unmarshal email_verified into a bool");
    }
    id.email_verified = v->get<bool>();
  }
  if (!hosted_domains.empty() &&
      std::find(hosted_domains.begin(), hosted_domains.end(), hd) == hosted_domains.end()) {
    return failed(fmt::format("oidc: unexpected hd claim {}", hd));
  }
  return id;
}

}  // namespace dexcc::connector::google
