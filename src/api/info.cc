// GetVersion and GetDiscovery: the server's version and its discovery document as a message.
#include <nlohmann/json.hpp>

#include "api/handlers.h"

namespace dexcc::api {
namespace {

void copy_string(const nlohmann::json& doc, const char* key, std::string* out) {
  auto it = doc.find(key);
  if (it != doc.end() && it->is_string()) *out = it->get<std::string>();
}

void copy_strings(const nlohmann::json& doc, const char* key,
                  google::protobuf::RepeatedPtrField<std::string>* out) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_array()) return;
  for (const auto& v : *it) {
    if (v.is_string()) out->Add(v.get<std::string>());
  }
}

}  // namespace

Outcome Handlers::get_version(const pb::VersionReq&, pb::VersionResp& resp) {
  resp.set_server(info_.version);
  resp.set_api(kApiVersion);
  return {};
}

// Built from the same document /.well-known/openid-configuration serves; members the message has
// no field for are dropped, as dex's JSON round trip drops them.
Outcome Handlers::get_discovery(const pb::DiscoveryReq&, pb::DiscoveryResp& resp) {
  auto text = info_.discovery ? info_.discovery() : nullptr;
  if (!text) return base::fail("failed to marshal discovery data: no discovery document");
  auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return base::fail("failed to unmarshal discovery data");
  copy_string(doc, "issuer", resp.mutable_issuer());
  copy_string(doc, "authorization_endpoint", resp.mutable_authorization_endpoint());
  copy_string(doc, "token_endpoint", resp.mutable_token_endpoint());
  copy_string(doc, "jwks_uri", resp.mutable_jwks_uri());
  copy_string(doc, "userinfo_endpoint", resp.mutable_userinfo_endpoint());
  copy_string(doc, "device_authorization_endpoint", resp.mutable_device_authorization_endpoint());
  copy_string(doc, "introspection_endpoint", resp.mutable_introspection_endpoint());
  copy_strings(doc, "grant_types_supported", resp.mutable_grant_types_supported());
  copy_strings(doc, "response_types_supported", resp.mutable_response_types_supported());
  copy_strings(doc, "subject_types_supported", resp.mutable_subject_types_supported());
  copy_strings(doc, "id_token_signing_alg_values_supported",
               resp.mutable_id_token_signing_alg_values_supported());
  copy_strings(doc, "code_challenge_methods_supported", resp.mutable_code_challenge_methods_supported());
  copy_strings(doc, "scopes_supported", resp.mutable_scopes_supported());
  copy_strings(doc, "token_endpoint_auth_methods_supported",
               resp.mutable_token_endpoint_auth_methods_supported());
  copy_strings(doc, "claims_supported", resp.mutable_claims_supported());
  return {};
}

}  // namespace dexcc::api
