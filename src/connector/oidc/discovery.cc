// Parsing a discovery document the way go-oidc's NewProvider does.
#include "connector/oidc/discovery.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/text.h"

namespace dexcc::connector::oidc {
namespace {

constexpr char kDecodeError[] = "oidc: failed to decode provider discovery object: ";

bool read_string(const nlohmann::json& doc, const char* name, std::string& out) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_strings(const nlohmann::json& doc, const char* name, std::vector<std::string>& out) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return true;
  if (!it->is_array()) return false;
  for (const auto& v : *it) {
    if (!v.is_string()) return false;
    out.push_back(v.get<std::string>());
  }
  return true;
}

}  // namespace

std::string discovery_url(std::string_view issuer) {
  if (issuer.ends_with('/')) issuer.remove_suffix(1);
  return std::string(issuer) + "/.well-known/openid-configuration";
}

Result<ProviderMetadata> parse_discovery(std::string_view body, std::string_view issuer,
                                         bool skip_issuer_check) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return failed(std::string(kDecodeError) + "not a JSON object");
  ProviderMetadata m;
  std::vector<std::string> algorithms;
  struct Member {
    const char* name;
    std::string* out;
  };
  for (Member member :
       {Member{"issuer", &m.issuer}, Member{"authorization_endpoint", &m.authorization_endpoint},
        Member{"token_endpoint", &m.token_endpoint}, Member{"jwks_uri", &m.jwks_uri},
        Member{"userinfo_endpoint", &m.userinfo_endpoint},
        Member{"device_authorization_endpoint", &m.device_authorization_endpoint},
        Member{"end_session_endpoint", &m.end_session_endpoint}}) {
    if (!read_string(doc, member.name, *member.out)) {
      return failed(fmt::format("{}{} is not a string", kDecodeError, member.name));
    }
  }
  if (!read_strings(doc, "id_token_signing_alg_values_supported", algorithms)) {
    return failed(std::string(kDecodeError) +
                  "id_token_signing_alg_values_supported is not a list of strings");
  }
  if (!read_strings(doc, "code_challenge_methods_supported", m.code_challenge_methods)) {
    return failed(std::string(kDecodeError) + "code_challenge_methods_supported is not a list of strings");
  }
  if (!skip_issuer_check && m.issuer != issuer) {
    return failed(
        fmt::format("oidc: issuer did not match the issuer returned by provider, expected {} got {}",
                    base::go_quote(issuer), base::go_quote(m.issuer)));
  }
  for (const auto& name : algorithms) {
    if (auto alg = jose::parse_algorithm(name)) m.algorithms.push_back(*alg);
  }
  if (m.algorithms.empty()) m.algorithms.push_back(jose::Algorithm::kRS256);
  return m;
}

void apply_overrides(ProviderMetadata& m, const DiscoveryOverrides& o) {
  auto apply = [](std::string& target, const std::string& value) {
    if (!value.empty()) target = value;
  };
  apply(m.token_endpoint, o.token_url);
  apply(m.authorization_endpoint, o.auth_url);
  apply(m.jwks_uri, o.jwks_url);
  apply(m.userinfo_endpoint, o.user_info_url);
  apply(m.device_authorization_endpoint, o.device_auth_url);
  apply(m.end_session_endpoint, o.end_session_url);
}

std::string pick_pkce_method(const std::string& configured, const ProviderMetadata& metadata) {
  if (!configured.empty()) return configured;
  const auto& methods = metadata.code_challenge_methods;
  for (const char* method : {"S256", "plain"}) {
    if (std::find(methods.begin(), methods.end(), method) != methods.end()) return method;
  }
  return "";
}

}  // namespace dexcc::connector::oidc
