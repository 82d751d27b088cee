// The openshift connector: discovery at open, login redirect, callback and refresh.
#include "connector/openshift/openshift.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/log.h"
#include "connector/openshift/token_data.h"
#include "connector/openshift/user.h"
#include "connector/upstream/api_error.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_endpoint.h"

namespace dexcc::connector::openshift {
namespace {

constexpr char kUsersPath[] = "/apis/user.openshift.io/v1/users/~";

struct Config {
  std::string issuer, client_id, client_secret, redirect_uri;
  std::vector<std::string> groups;
  bool insecure_ca = false;
  std::string root_ca;
};

class OpenshiftConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  OpenshiftConnector(Config config, std::string authorization_endpoint, std::string token_endpoint,
                     http_client::Client client, const base::Clock& clock)
      : config_(std::move(config)),
        authorization_endpoint_(std::move(authorization_endpoint)),
        client_(std::move(client)),
        clock_(clock),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = std::move(token_endpoint),
                 .redirect_uri = config_.redirect_uri},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes&, const std::string& callback_url,
                                  const std::string& state) const override {
    if (auto ok = upstream::check_callback_url(config_.redirect_uri, callback_url); !ok) {
      return std::unexpected(ok.error());
    }
    http::Values v = upstream::code_params(config_.client_id, config_.redirect_uri, {"user:info"}, state);
    return LoginRedirect{upstream::authorize_url(authorization_endpoint_, v), ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    const http::Values& q = request.form().values;
    if (auto error = upstream::callback_error(q)) return failed(*error);
    auto token = tokens_.exchange_code(std::string(q.get("code")), "");
    if (!token) return failed(fmt::format("oidc: failed to get token: {}", token.error().message));
    TokenData data{.access_token = token->access_token,
                   .token_type = token->token_type,
                   .refresh_token = token->refresh_token,
                   .expires_in = token->expires_in};
    if (token->expires_in > 0) data.expiry = clock_.now() + std::chrono::seconds(token->expires_in);
    return identity(scopes, data);
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& identity_in) const override {
    auto data = decode_token_data(identity_in.connector_data);
    if (!data) return failed("parsing token: not an oauth2 token JSON");
    // x/oauth2's client refreshes an expired token on its own before the call.
    base::Time now = clock_.now();
    if (data->expiry && !(now + std::chrono::seconds(10) < *data->expiry) && !data->refresh_token.empty()) {
      auto token = tokens_.refresh(data->refresh_token);
      if (!token) return failed(fmt::format("openshift: get user: {}", token.error().message));
      *data = TokenData{.access_token = token->access_token,
                        .token_type = token->token_type,
                        .refresh_token = token->refresh_token,
                        .expires_in = token->expires_in};
      if (token->expires_in > 0) data->expiry = now + std::chrono::seconds(token->expires_in);
    }
    return identity(scopes, *data);
  }

 private:
  Result<Identity> identity(const Scopes& scopes, const TokenData& token) const {
    http_client::Request request{
        .url = config_.issuer + kUsersPath,
        .headers = {{"Authorization", upstream::authorization_value(token.token_type, token.access_token)}}};
    auto response = client_.send(request);
    if (!response) return failed(fmt::format("openshift: get user: get URL {}", response.error().message));
    if (response->status != 200) {
      return failed(
          fmt::format("openshift: get user: {}", upstream::status_error(response->status, response->body)));
    }
    auto id = identity_from_user(response->body, config_.groups);
    if (!id) return id;
    if (scopes.offline_access) id->connector_data = encode_token_data(token);
    return id;
  }

  Config config_;
  std::string authorization_endpoint_;
  http_client::Client client_;
  const base::Clock& clock_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<OpenshiftConnector, CallbackConnector>);
static_assert(std::derived_from<OpenshiftConnector, RefreshConnector>);

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c{.issuer = f.string("issuer"),
           .client_id = f.string("clientID"),
           .client_secret = f.string("clientSecret"),
           .redirect_uri = f.string("redirectURI"),
           .groups = f.strings("groups"),
           .insecure_ca = f.boolean("insecureCA"),
           .root_ca = f.string("rootCA")};
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  std::vector<std::string> roots;
  if (!config.root_ca.empty()) roots.push_back(config.root_ca);
  auto client = upstream::make_client(roots, config.insecure_ca);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  std::string issuer = config.issuer;
  if (issuer.ends_with('/')) issuer.pop_back();
  std::string well_known = issuer + "/.well-known/oauth-authorization-server";
  auto response = client->send({.url = well_known});
  if (!response)
    return failed(fmt::format("failed to query OpenShift endpoint {}", response.error().message));
  // dex decodes whatever came back, whatever the status.
  nlohmann::json metadata = nlohmann::json::parse(response->body, nullptr, false);
  std::string auth, token;
  try {
    if (metadata.is_discarded() || !metadata.is_object()) throw base::ConfigError("not a JSON object");
    base::JsonFields m(metadata, "metadata");
    auth = m.string("authorization_endpoint");
    token = m.string("token_endpoint");
  } catch (const base::ConfigError& e) {
    return failed(
        fmt::format("discovery through endpoint {} failed to decode body: {}", well_known, e.what()));
  }
  static const base::SystemClock kSystemClock;
  const base::Clock& clock = context.clock ? *context.clock : kSystemClock;
  return std::make_unique<OpenshiftConnector>(std::move(config), std::move(auth), std::move(token),
                                              std::move(*client), clock);
}

}  // namespace dexcc::connector::openshift
