// A saml connector opened against a fresh test IdP key, with helpers to POST responses to it.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "connector/registry.h"
#include "support/saml/test_idp.h"

namespace dexcc::connector {

inline constexpr char kRedirect[] = "https://dex.example/callback";
inline constexpr char kEntity[] = "https://dex.example/saml";
inline constexpr char kRequestId[] = "areq1";

class SamlTest : public ::testing::Test {
 protected:
  static const testing::IdpKey& key() {
    static const testing::IdpKey k = testing::make_idp_key("idp");
    return k;
  }
  static const testing::IdpKey& other_key() {
    static const testing::IdpKey k = testing::make_idp_key("attacker");
    return k;
  }

  nlohmann::json base_config() const {
    return {{"ssoURL", "https://idp.example/sso"},
            {"caData", base::base64_encode(key().cert_pem)},
            {"redirectURI", kRedirect},
            {"entityIssuer", kEntity},
            {"ssoIssuer", "https://idp.example"},
            {"usernameAttr", "name"},
            {"emailAttr", "email"},
            {"groupsAttr", "groups"}};
  }

  void SetUp() override { open(base_config()); }

  void open(const nlohmann::json& config) {
    auto c = Registry::builtin().open("saml", config.dump(), OpenContext{.id = "saml"});
    ASSERT_TRUE(c) << c.error().message;
    conn_ = std::move(*c);
    saml_ = conn_->capabilities().saml;
    ASSERT_TRUE(saml_);
  }

  static testing::SamlResponseSpec good_spec() {
    testing::SamlResponseSpec s;
    s.in_response_to = kRequestId;
    s.destination = kRedirect;
    s.recipient = kRedirect;
    s.audience = kEntity;
    return s;
  }

  // A well-formed response, with only the Assertion signed.
  static std::string signed_assertion(const testing::SamlResponseSpec& s) {
    return testing::sign_saml(testing::saml_response_xml(s), s.assertion_id, key());
  }

  Result<Identity> post_xml(const std::string& xml, Scopes scopes = {.groups = true}) const {
    return saml_->handle_post(scopes, base::base64_encode(xml), kRequestId);
  }

  std::unique_ptr<Connector> conn_;
  const SamlConnector* saml_ = nullptr;
};

}  // namespace dexcc::connector
