// The saml connector: the AuthnRequest for the auto-POST page, and the POSTed Response through
// validation, the replay cache and the identity mapping. Every refusal is logged with its reason.
#include "connector/saml/saml.h"

#include <fmt/format.h>

#include "base/base64.h"
#include "base/log.h"
#include "connector/saml/authn_request.h"
#include "connector/saml/config.h"
#include "connector/saml/identity.h"
#include "connector/saml/replay_cache.h"
#include "connector/saml/response.h"

namespace dexcc::connector::saml {
namespace {

// The base64 of the largest XML accepted, plus line breaks some IdPs insert.
constexpr size_t kMaxEncoded = (XmlLimits{}.max_bytes / 3 + 1) * 4 * 77 / 76 + 16;

class SamlConnector final : public Connector, public connector::SamlConnector {
 public:
  SamlConnector(std::string id, Config config, const base::Clock& clock)
      : id_(std::move(id)), config_(std::move(config)), clock_(clock) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::SamlConnector
  Result<SamlPost> post_data(const Scopes&, const std::string& request_id) const override {
    std::string xml = authn_request_xml(config_, request_id, clock_.now());
    return SamlPost{.sso_url = config_.sso_url, .saml_request = base::base64_encode(xml)};
  }

  Result<Identity> handle_post(const Scopes& scopes, const std::string& saml_response,
                               const std::string& in_response_to) const override {
    auto identity = validate(scopes, saml_response, in_response_to);
    if (!identity) {
      log::warn(
          "saml: response refused",
          {{"connector_id", id_}, {"request_id", in_response_to}, {"reason", identity.error().message}});
    }
    return identity;
  }

 private:
  Result<Identity> validate(const Scopes& scopes, const std::string& saml_response,
                            const std::string& in_response_to) const {
    if (saml_response.empty()) return failed("no SAMLResponse in the request");
    if (saml_response.size() > kMaxEncoded)
      return failed(fmt::format("SAMLResponse of {} bytes is too large", saml_response.size()));
    std::string compact;
    compact.reserve(saml_response.size());
    for (char c : saml_response) {
      if (c != '\r' && c != '\n' && c != ' ' && c != '\t') compact += c;
    }
    auto xml = base::base64_decode(compact);
    if (!xml) return failed("SAMLResponse is not valid base64");
    Expectations want{.request_id = in_response_to,
                      .redirect_uri = config_.redirect_uri,
                      .entity_issuer = config_.entity_issuer,
                      .sso_issuer = config_.sso_issuer,
                      .cert_pems = config_.ca_pems,
                      .skip_signature = config_.insecure_skip_signature_validation,
                      .now = clock_.now()};
    auto assertion = validate_response(*xml, want);
    if (!assertion) return failed("saml: " + assertion.error());
    auto identity = map_identity(config_, scopes, *assertion);
    if (!identity) return identity;
    // Last, so that a refused response does not use up its assertion.
    // Keyed on the Assertion's ID: every accepted signature covers it, while the Response's ID is
    // the sender's to change when only the Assertion is signed.
    if (!replays_.first_use(assertion->assertion_id, assertion->valid_until, want.now)) {
      return failed("saml: this response was already used (replay)");
    }
    return identity;
  }

  std::string id_;
  Config config_;
  const base::Clock& clock_;
  mutable ReplayCache replays_;
};

// dex v2.45.1's saml connector is not a RefreshConnector: no refresh tokens through it.
static_assert(std::derived_from<SamlConnector, connector::SamlConnector>);
static_assert(!std::derived_from<SamlConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  static const base::SystemClock kSystemClock;
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  const base::Clock& clock = context.clock ? *context.clock : kSystemClock;
  return std::make_unique<SamlConnector>(context.id, std::move(config), clock);
}

}  // namespace dexcc::connector::saml
