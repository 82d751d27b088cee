// The oidc connector: login redirect, callback, refresh and token exchange over the pieces in
// this folder (discovery, key set, ID token checks, userinfo, claim mapping, connector data).
#include "connector/oidc/oidc.h"

#include <fmt/format.h>

#include "base/base64.h"
#include "base/log.h"
#include "base/random.h"
#include "base/url.h"
#include "connector/oidc/claims.h"
#include "connector/oidc/config.h"
#include "connector/oidc/connector_data.h"
#include "connector/oidc/discovery.h"
#include "connector/oidc/id_token.h"
#include "connector/oidc/key_set.h"
#include "connector/oidc/userinfo.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_endpoint.h"
#include "http/form.h"
#include "oauth2/pkce.h"

namespace dexcc::connector::oidc {
namespace {

constexpr char kIdTokenType[] = "urn:ietf:params:oauth:token-type:id_token";
constexpr char kAccessTokenType[] = "urn:ietf:params:oauth:token-type:access_token";

// Which call produced the upstream token: the rules for a missing ID token differ.
enum class Caller { kCallback, kRefresh, kExchange };

// dex's list of issuers whose token endpoints refuse HTTP Basic client authentication.
bool known_broken_auth_header_provider(const std::string& issuer) {
  auto url = base::parse_url(issuer);
  if (!url) return false;
  for (std::string_view domain : {"okta.com", "oktapreview.com"}) {
    const std::string& host = url->host;
    if (host == domain || host.ends_with("." + std::string(domain))) return true;
  }
  return false;
}

upstream::AuthStyle auth_style(const Config& c) {
  if (c.basic_auth_unsupported) {
    return *c.basic_auth_unsupported ? upstream::AuthStyle::kInParams : upstream::AuthStyle::kAutoDetect;
  }
  return known_broken_auth_header_provider(c.issuer) ? upstream::AuthStyle::kInParams
                                                     : upstream::AuthStyle::kAutoDetect;
}

class OidcConnector final : public Connector,
                            public CallbackConnector,
                            public RefreshConnector,
                            public TokenIdentityConnector {
 public:
  OidcConnector(Config config, ProviderMetadata provider, http_client::Client client,
                const base::Clock& clock)
      : config_(std::move(config)),
        provider_(std::move(provider)),
        client_(std::move(client)),
        clock_(clock),
        pkce_method_(pick_pkce_method(config_.pkce_challenge, provider_)),
        keys_(provider_.jwks_uri, client_, clock_),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = provider_.token_endpoint,
                 .redirect_uri = config_.redirect_uri,
                 .style = auth_style(config_)},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes& scopes, const std::string& callback_url,
                                  const std::string& state) const override {
    if (config_.redirect_uri != callback_url) {
      return failed(fmt::format("expected callback URL \"{}\" did not match the URL in the config \"{}\"",
                                callback_url, config_.redirect_uri));
    }
    // dex sends no nonce; dexcc does, and checks it at the callback (a code injected from another
    // login then fails). Providers must echo it (OpenID Connect Core §3.1.2.1).
    LoginData data{.nonce = base::base64url_encode(base::random_bytes(16))};
    http::Values v;
    v.set("client_id", config_.client_id);
    if (!config_.redirect_uri.empty()) v.set("redirect_uri", config_.redirect_uri);
    v.set("response_type", "code");
    v.set("scope", join(config_.scopes));
    v.set("state", state);
    v.set("nonce", data.nonce);
    if (!config_.acr_values.empty()) v.set("acr_values", join(config_.acr_values));
    if (scopes.offline_access) {
      v.set("access_type", "offline");
      v.set("prompt", config_.prompt_type);
    }
    if (!pkce_method_.empty()) {
      data.code_verifier = base::base64url_encode(base::random_bytes(32));
      data.code_challenge_method = pkce_method_;
      v.set("code_challenge", oauth2::pkce_challenge(data.code_verifier, pkce_method_));
      v.set("code_challenge_method", pkce_method_);
    }
    const std::string& auth = provider_.authorization_endpoint;
    return LoginRedirect{auth + (auth.find('?') == std::string::npos ? "?" : "&") + v.encode(),
                         encode_login_data(data)};
  }

  Result<Identity> handle_callback(const Scopes&, const std::string& connector_data,
                                   const http::Request& request) const override {
    const http::Values& q = request.form().values;
    if (std::string_view error = q.get("error"); !error.empty()) {
      std::string_view description = q.get("error_description");
      return failed(description.empty() ? std::string(error) : fmt::format("{}: {}", error, description));
    }
    auto login = decode_login_data(connector_data);
    if (!login) return failed("oidc: failed to unmarshal the login's connector data");
    auto token = tokens_.exchange_code(std::string(q.get("code")), login->code_verifier);
    if (!token) return failed(fmt::format("oidc: failed to get token: {}", token.error().message));
    return identity_from(*token, Caller::kCallback, login->nonce);
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes&, const Identity& identity) const override {
    auto refresh_token = decode_refresh_data(identity.connector_data);
    if (!refresh_token) return failed("oidc: failed to unmarshal connector data");
    auto token = tokens_.refresh(*refresh_token);
    if (!token) return failed(fmt::format("oidc: failed to get refresh token: {}", token.error().message));
    return identity_from(*token, Caller::kRefresh, "");
  }

  // connector::TokenIdentityConnector
  Result<Identity> token_identity(std::string_view subject_token_type,
                                  std::string_view subject_token) const override {
    upstream::Token token;
    token.access_token = std::string(subject_token);
    token.token_type = std::string(subject_token_type);
    return identity_from(token, Caller::kExchange, "");
  }

 private:
  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : " ") + s;
    return out;
  }

  IdTokenRules id_token_rules(bool skip_audience, std::string nonce) const {
    return {.issuer = config_.issuer_alias.empty() ? config_.issuer : config_.issuer_alias,
            .client_id = config_.client_id,
            .skip_audience = skip_audience,
            .algorithms = provider_.algorithms,
            .nonce = std::move(nonce)};
  }

  Result<nlohmann::json> verified(std::string_view raw, bool skip_audience, std::string nonce) const {
    auto claims = verify_id_token(raw, id_token_rules(skip_audience, std::move(nonce)), keys_, clock_.now());
    if (!claims) return failed(fmt::format("oidc: failed to verify ID Token: {}", claims.error().message));
    return claims;
  }

  // dex's createIdentity: the ID token's claims, userinfo's over them, then the mapping.
  Result<Identity> identity_from(const upstream::Token& token, Caller caller,
                                 const std::string& nonce) const {
    nlohmann::json claims = nlohmann::json::object();
    std::string raw_id_token = token.extra_string("id_token");
    if (!raw_id_token.empty()) {
      auto c = verified(raw_id_token, false, nonce);
      if (!c) return std::unexpected(c.error());
      claims = std::move(*c);
    } else if (caller == Caller::kExchange) {
      if (token.token_type == kIdTokenType) {
        auto c = verified(token.access_token, true, "");
        if (!c) return std::unexpected(c.error());
        claims = std::move(*c);
      } else if (token.token_type == kAccessTokenType) {
        if (!config_.get_user_info) return failed("oidc: getUserInfo is required for access token exchange");
      } else {
        return failed(fmt::format("unknown token type for token exchange: {}", token.token_type));
      }
    } else if (caller == Caller::kCallback) {
      return failed("oidc: no id_token in token response");
    }  // a refresh answer may come without an ID token
    if (config_.get_user_info) {
      auto info = fetch_userinfo(client_, provider_.userinfo_endpoint, token.access_token, keys_);
      if (!info) return failed(fmt::format("oidc: error loading userinfo: {}", info.error().message));
      for (auto& [key, value] : info->items()) claims[key] = value;
    }
    auto identity = map_claims(claims, config_.claims);
    if (!identity) return identity;
    identity->connector_data = encode_refresh_data(token.refresh_token);
    return identity;
  }

  Config config_;
  ProviderMetadata provider_;
  http_client::Client client_;
  const base::Clock& clock_;
  std::string pkce_method_;
  RemoteKeySet keys_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<OidcConnector, CallbackConnector>);
static_assert(std::derived_from<OidcConnector, RefreshConnector>);
static_assert(std::derived_from<OidcConnector, TokenIdentityConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  auto client = upstream::make_client(config.root_cas, config.insecure_skip_verify);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  http_client::Request request{.url = discovery_url(config.issuer),
                               .headers = {{"Accept", "application/json"}}};
  auto document = client->send(request);
  if (!document) return failed(fmt::format("failed to get provider: {}", document.error().message));
  if (document->status != 200) {
    return failed(
        fmt::format("failed to get provider: {} answered status {}", request.url, document->status));
  }
  auto provider = parse_discovery(document->body, config.issuer, !config.issuer_alias.empty());
  if (!provider) return failed(fmt::format("failed to get provider: {}", provider.error().message));
  if (!config.overrides.empty()) {
    log::warn("overriding discovered endpoints with providerDiscoveryOverrides",
              {{"connector_id", context.id}});
    apply_overrides(*provider, config.overrides);
  }
  static const base::SystemClock kSystemClock;
  const base::Clock& clock = context.clock ? *context.clock : kSystemClock;
  return std::make_unique<OidcConnector>(std::move(config), std::move(*provider), std::move(*client), clock);
}

}  // namespace dexcc::connector::oidc
