// The google connector: login redirect, callback and refresh over the oidc connector's discovery,
// key set and ID token checks, plus the directory lookup of groups.
#include "connector/google/google.h"

#include <fmt/format.h>

#include <map>

#include "base/base64.h"
#include "base/log.h"
#include "base/random.h"
#include "base/text.h"
#include "connector/google/claims.h"
#include "connector/google/config.h"
#include "connector/google/directory.h"
#include "connector/google/service_account.h"
#include "connector/oidc/connector_data.h"
#include "connector/oidc/discovery.h"
#include "connector/oidc/id_token.h"
#include "connector/oidc/key_set.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/groups.h"
#include "connector/upstream/token_endpoint.h"
#include "jose/jws.h"

namespace dexcc::connector::google {
namespace {

// go-oidc takes Google's ID tokens with the scheme-less issuer too.
constexpr char kIssuerWithoutScheme[] = "accounts.google.com";

using Admins = std::map<std::string, std::unique_ptr<DelegatedTokens>>;

class GoogleConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  GoogleConnector(Config config, oidc::ProviderMetadata provider, http_client::Client client,
                  const base::Clock& clock, std::string id)
      : config_(std::move(config)),
        provider_(std::move(provider)),
        client_(std::move(client)),
        clock_(clock),
        id_(std::move(id)),
        keys_(provider_.jwks_uri, client_, clock_),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = provider_.token_endpoint,
                 .redirect_uri = config_.redirect_uri},
                client_),
        directory_(kDirectoryBase, client_) {}

  // One delegated token source per domainToAdminEmail entry, made at open as dex makes its
  // directory services there.
  Result<void> open_directory() {
    if (!config_.wants_directory()) return {};
    for (const auto& [domain, admin_email] : config_.domain_to_admin_email) {
      auto account = load_service_account(config_.service_account_file_path);
      if (!account)
        return failed(fmt::format("could not create directory service: {}", account.error().message));
      admins_[domain] = std::make_unique<DelegatedTokens>(std::move(*account), kDirectoryGroupScope,
                                                          admin_email, client_, clock_);
    }
    return {};
  }

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes& scopes, const std::string& callback_url,
                                  const std::string& state) const override {
    if (auto ok = upstream::check_callback_url(config_.redirect_uri, callback_url); !ok) {
      return std::unexpected(ok.error());
    }
    http::Values v = upstream::code_params(config_.client_id, config_.redirect_uri, config_.scopes, state);
    // dex sends no nonce; dexcc does and checks it at the callback, as its oidc connector does.
    oidc::LoginData data{.nonce = base::base64url_encode(base::random_bytes(16))};
    v.set("nonce", data.nonce);
    if (!config_.hosted_domains.empty()) {
      v.set("hd", config_.hosted_domains.size() > 1 ? std::string("*") : config_.hosted_domains.front());
    }
    if (scopes.offline_access) {
      v.set("access_type", "offline");
      v.set("prompt", config_.prompt_type);
    }
    return LoginRedirect{upstream::authorize_url(provider_.authorization_endpoint, v),
                         oidc::encode_login_data(data)};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string& connector_data,
                                   const http::Request& request) const override {
    const http::Values& q = request.form().values;
    if (auto error = upstream::callback_error(q)) return failed(*error);
    // A login dex started carries no connector data: then there is no nonce to check.
    auto login = oidc::decode_login_data(connector_data);
    if (!login) return failed("google: failed to unmarshal the login's connector data");
    auto token = tokens_.exchange_code(std::string(q.get("code")), "");
    if (!token) return failed(fmt::format("google: failed to get token: {}", token.error().message));
    return identity_from(scopes, *token, login->nonce);
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& identity) const override {
    // dex keeps the raw refresh token as the connector data.
    auto token = tokens_.refresh(identity.connector_data);
    if (!token) return failed(fmt::format("google: failed to get token: {}", token.error().message));
    return identity_from(scopes, *token, "");
  }

 private:
  Result<nlohmann::json> verified(const std::string& raw, const std::string& nonce) const {
    std::string issuer = kIssuer;
    if (auto jws = jose::parse_compact(raw)) {
      nlohmann::json peek = nlohmann::json::parse(jws->payload, nullptr, false);
      if (peek.is_object() && peek.value("iss", nlohmann::json()) == kIssuerWithoutScheme) {
        issuer = kIssuerWithoutScheme;
      }
    }
    oidc::IdTokenRules rules{
        .issuer = issuer, .client_id = config_.client_id, .algorithms = provider_.algorithms, .nonce = nonce};
    return oidc::verify_id_token(raw, rules, keys_, clock_.now());
  }

  Result<Identity> identity_from(const Scopes& scopes, const upstream::Token& token,
                                 const std::string& nonce) const {
    std::string raw = token.extra_string("id_token");
    if (raw.empty()) return failed("google: no id_token in token response");
    auto claims = verified(raw, nonce);
    if (!claims) return failed(fmt::format("google: failed to verify ID Token: {}", claims.error().message));
    auto identity = identity_from_claims(*claims, config_.hosted_domains);
    if (!identity) return identity;
    if (scopes.groups && !admins_.empty()) {
      auto groups = groups_of(identity->email);
      if (!groups)
        return failed(fmt::format("google: could not retrieve groups: {}", groups.error().message));
      identity->groups = std::move(*groups);
      if (!config_.groups.empty()) {
        identity->groups = upstream::filter_groups(identity->groups, config_.groups);
        if (identity->groups.empty()) {
          return failed(fmt::format("google: user {} is not in any of the required groups",
                                    base::go_quote(identity->username)));
        }
      }
    }
    identity->connector_data = token.refresh_token;
    return identity;
  }

  Result<std::vector<std::string>> groups_of(const std::string& email) const {
    size_t at = email.rfind('@');
    std::string domain = at == std::string::npos ? std::string(kWildcardDomain) : email.substr(at + 1);
    auto admin = admins_.find(domain);
    if (admin == admins_.end()) {
      admin = admins_.find(kWildcardDomain);
      log::debug("using wildcard admin email to fetch groups", {{"connector_id", id_}});
    }
    if (admin == admins_.end()) {
      return failed(fmt::format(
          "unable to find super admin email, domainToAdminEmail for domain: {} not set, * is also empty",
          domain));
    }
    return directory_.groups(email, config_.fetch_transitive_group_membership, *admin->second);
  }

  Config config_;
  oidc::ProviderMetadata provider_;
  http_client::Client client_;
  const base::Clock& clock_;
  std::string id_;
  oidc::RemoteKeySet keys_;
  upstream::TokenEndpoint tokens_;
  Directory directory_;
  Admins admins_;
};
static_assert(std::derived_from<GoogleConnector, CallbackConnector>);
static_assert(std::derived_from<GoogleConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  auto client = upstream::make_client({}, false);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  http_client::Request request{.url = oidc::discovery_url(kIssuer),
                               .headers = {{"Accept", "application/json"}}};
  auto document = client->send(request);
  if (!document) return failed(fmt::format("failed to get provider: {}", document.error().message));
  if (document->status != 200) {
    return failed(
        fmt::format("failed to get provider: {} answered status {}", request.url, document->status));
  }
  auto provider = oidc::parse_discovery(document->body, kIssuer, false);
  if (!provider) return failed(fmt::format("failed to get provider: {}", provider.error().message));
  static const base::SystemClock kSystemClock;
  const base::Clock& clock = context.clock ? *context.clock : kSystemClock;
  auto connector = std::make_unique<GoogleConnector>(std::move(config), std::move(*provider),
                                                     std::move(*client), clock, context.id);
  if (auto ok = connector->open_directory(); !ok) return std::unexpected(ok.error());
  return connector;
}

}  // namespace dexcc::connector::google
