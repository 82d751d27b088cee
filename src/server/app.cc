// The composition root of the OpenID Connect server.
#include "server/app.h"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "base/log.h"
#include "connector/manager.h"
#include "server/auth/flow.h"
#include "server/device/device_flow.h"
#include "server/discovery.h"
#include "server/issuer.h"
#include "server/root.h"
#include "server/grants/authorization_code.h"
#include "server/grants/client_credentials.h"
#include "server/grants/endpoint.h"
#include "server/grants/password.h"
#include "server/grants/refresh.h"
#include "server/grants/token_exchange.h"
#include "server/tokens/jwt_minter.h"
#include "server/tokens/verifier.h"
#include "server/userinfo.h"
#include "server/web_pages.h"
#include "signer/local_signer.h"
#include "web/frontend.h"

namespace dexcc::server {

struct App::Parts {
  Issuer issuer;
  const telemetry::HealthCheck* health = nullptr;
  std::unique_ptr<signer::LocalSigner> signer;
  std::unique_ptr<connector::Manager> connectors;
  std::unique_ptr<const web::Frontend> frontend;
  std::unique_ptr<WebPages> pages;
  std::unique_ptr<tokens::JwtMinter> minter;
  std::unique_ptr<tokens::TokenVerifier> verifier;
  std::unique_ptr<grants::LoginTokens> login_tokens;
  std::unique_ptr<auth::AuthFlow> flow;
  std::unique_ptr<grants::AuthorizationCodeGrant> codes;
  std::unique_ptr<grants::TokenEndpoint> token_endpoint;
  std::unique_ptr<device::DeviceFlow> device;
  std::unique_ptr<Discovery> discovery;
  std::unique_ptr<TokenInfo> token_info;
};

namespace {

grants::RefreshPolicy refresh_policy(const config::Config& c) {
  return grants::RefreshPolicy{.rotate = !c.expiry.refresh_tokens.disable_rotation,
                              .reuse_interval = c.expiry.refresh_tokens.reuse_interval,
                              .absolute_lifetime = c.expiry.refresh_tokens.absolute_lifetime,
                              .valid_if_not_used_for = c.expiry.refresh_tokens.valid_if_not_used_for};
}

std::vector<std::unique_ptr<grants::Grant>> enabled_grants(const std::vector<std::string>& supported,
                                                          const config::Config& c, storage::Storage& store,
                                                          const App::Parts& p, const base::Clock& clock) {
  std::vector<std::unique_ptr<grants::Grant>> grants;
  auto enabled = [&](std::string_view g) { return std::find(supported.begin(), supported.end(), g) != supported.end(); };
  const grants::LoginTokens& login = *p.login_tokens;
  if (enabled("authorization_code")) grants.push_back(std::make_unique<grants::AuthorizationCodeGrant>(store, login));
  if (enabled("refresh_token")) {
    grants.push_back(std::make_unique<grants::RefreshGrant>(
        grants::RefreshDeps{store, store, *p.connectors, *p.minter, clock, refresh_policy(c)}));
  }
  if (enabled("password")) {
    grants.push_back(std::make_unique<grants::PasswordGrant>(store, login, c.oauth2.password_connector));
  }
  if (enabled(device::kDeviceCodeGrant)) grants.push_back(std::make_unique<device::DeviceCodeGrant>(store, clock));
  if (enabled("urn:ietf:params:oauth:grant-type:token-exchange"))
    grants.push_back(std::make_unique<grants::TokenExchangeGrant>(*p.connectors, *p.minter, clock));
  if (enabled("client_credentials"))
    grants.push_back(std::make_unique<grants::ClientCredentialsGrant>(store, *p.minter, clock));
  return grants;
}

}  // namespace

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() { stop(); }

std::unique_ptr<App> App::build(const config::Config& c, storage::Storage& store, const base::Clock& clock,
                                const connector::Registry& registry, const telemetry::HealthCheck& health) {
  auto p = std::make_unique<Parts>();
  auto issuer = Issuer::parse(c.issuer);
  if (!issuer) throw std::runtime_error(fmt::format("config: issuer: \"{}\" is not an absolute http(s) URL", c.issuer));
  p->issuer = *issuer;
  p->health = &health;

  if (c.signer.type != "local") {
    throw std::runtime_error(fmt::format("signer type \"{}\" is not supported yet by dexcc", c.signer.type));
  }
  p->signer = std::make_unique<signer::LocalSigner>(
      store, clock,
      signer::LocalOptions{.rotation_period = c.signer.keys_rotation_period,
                           .id_token_ttl = c.expiry.id_tokens,
                           .algorithm = c.signer.algorithm == config::SigningAlgorithm::kES256 ? jose::Algorithm::kES256
                                                                                               : jose::Algorithm::kRS256,
                           .check_interval = signer::check_interval_for(c.signer.keys_rotation_period)});
  if (auto started = p->signer->start_signing(); !started) throw std::runtime_error("signer: " + started.error().message);

  p->connectors = std::make_unique<connector::Manager>(registry, store,
                                                       connector::OpenContext{.clock = &clock, .passwords = &store});
  auto opened = p->connectors->open_all(c.features.continue_on_connector_failure);
  if (!opened) throw std::runtime_error(opened.error().message);

  p->frontend = web::Frontend::load(c.frontend, p->issuer.path);
  p->pages = std::make_unique<WebPages>(*p->frontend);
  p->minter = std::make_unique<tokens::JwtMinter>(c.issuer, *p->signer, store, clock, c.expiry.id_tokens);
  p->verifier = std::make_unique<tokens::TokenVerifier>(c.issuer, *p->signer, clock);
  p->login_tokens =
      std::make_unique<grants::LoginTokens>(grants::LoginTokens{*p->minter, clock, *p->connectors, store, store});

  auth::FlowOptions flow;
  flow.rules.response_types = std::set<std::string>(c.oauth2.response_types.begin(), c.oauth2.response_types.end());
  flow.rules.pkce_methods = c.oauth2.pkce.code_challenge_methods_supported;
  flow.rules.pkce_enforce = c.oauth2.pkce.enforce;
  flow.rules.auth_request_ttl = c.expiry.auth_requests;
  flow.skip_approval_screen = c.oauth2.skip_approval_screen;
  flow.always_show_login_screen = c.oauth2.always_show_login_screen;
  p->flow = std::make_unique<auth::AuthFlow>(p->issuer, flow, auth::FlowStores{store, store, store, store, store},
                                            *p->connectors, *p->pages, *p->minter, clock);

  std::vector<std::string> grant_types =
      supported_grant_types(c.oauth2.grant_types, c.oauth2.response_types, !c.oauth2.password_connector.empty());
  p->codes = std::make_unique<grants::AuthorizationCodeGrant>(store, *p->login_tokens);
  p->token_endpoint = std::make_unique<grants::TokenEndpoint>(store, enabled_grants(grant_types, c, store, *p, clock));
  p->device = std::make_unique<device::DeviceFlow>(p->issuer, device::DeviceStores{store, store, store, store}, clock,
                                                   c.expiry.device_requests, *p->codes, *p->token_endpoint, *p->pages);
  p->discovery = std::make_unique<Discovery>(
      p->issuer,
      DiscoveryOptions{grant_types, c.oauth2.response_types, c.oauth2.pkce.code_challenge_methods_supported},
      *p->signer);
  p->token_info = std::make_unique<TokenInfo>(c.issuer, *p->verifier, store, store, clock, refresh_policy(c));
  std::string grants_list;
  for (const auto& g : grant_types) grants_list += (grants_list.empty() ? "" : ",") + g;
  log::info("config grant types", {{"grant_types", grants_list}});
  return std::unique_ptr<App>(new App(std::move(p)));
}

std::shared_ptr<const std::string> App::discovery_document() const {
  return parts_->discovery->document();
}

void App::mount(http::Router& router) const {
  Parts& p = *parts_;
  mount_root(router, p.issuer, *p.health);
  p.discovery->mount(router);
  p.flow->mount(router);
  p.token_endpoint->mount(router);
  p.device->mount(router);
  p.token_info->mount(router);
  p.frontend->mount(router);
}

void App::start() { parts_->signer->run_in_background(); }

void App::stop() {
  if (parts_ && parts_->signer) parts_->signer->stop();
}

}  // namespace dexcc::server
