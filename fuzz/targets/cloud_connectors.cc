// Fuzz target: what providers and stored sessions hand the google, microsoft, openshift and
// linkedin connectors: ID token claims, API error bodies, Graph and User answers, LinkedIn
// profiles, service-account files, and the ConnectorData blobs dex and dexcc store.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "connector/google/claims.h"
#include "connector/google/directory.h"
#include "connector/google/service_account.h"
#include "connector/linkedin/profile.h"
#include "connector/microsoft/graph.h"
#include "connector/openshift/token_data.h"
#include "connector/openshift/user.h"
#include "connector/upstream/api_error.h"
#include "connector/upstream/stored_token.h"

using namespace dexcc::connector;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_discarded()) {
    if (auto id = google::identity_from_claims(j, {"example.com"})) {
      if (j.value("hd", nlohmann::json()) != "example.com") std::abort();  // the hd check held
    }
  }
  (void)google::googleapi_error(500, in);
  (void)google::parse_service_account(in);
  (void)microsoft::graph_error(in);
  (void)upstream::status_error(503, in);
  if (auto t = upstream::decode_stored_token(in)) {
    // What dexcc writes reads back the same.
    auto again = upstream::decode_stored_token(upstream::encode_stored_token(*t));
    if (!again || again->access_token != t->access_token || again->refresh_token != t->refresh_token)
      std::abort();
  }
  if (auto t = openshift::decode_token_data(in)) {
    auto again = openshift::decode_token_data(openshift::encode_token_data(*t));
    if (!again || again->access_token != t->access_token || again->expires_in != t->expires_in) std::abort();
  }
  if (auto id = openshift::identity_from_user(in, {"admins"})) {
    bool member = false;
    for (const auto& g : id->groups) member = member || g == "admins";
    if (!member) std::abort();  // the groups gate held
  }
  if (auto p = linkedin::parse_me(in)) (void)p->full_name();
  (void)linkedin::parse_email(in);
  return 0;
}
