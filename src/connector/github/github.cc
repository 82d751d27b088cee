// The github connector: login redirect, callback and refresh over api, emails and groups.
#include "connector/github/github.h"

#include <fmt/format.h>

#include <optional>

#include "connector/github/api.h"
#include "connector/github/emails.h"
#include "connector/github/groups.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_data.h"
#include "connector/upstream/token_endpoint.h"
#include "http_client/root_ca.h"

namespace dexcc::connector::github {
namespace {

class GithubConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  GithubConnector(Config config, Endpoints endpoints, http_client::Client client)
      : config_(std::move(config)),
        endpoints_(std::move(endpoints)),
        client_(std::move(client)),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = endpoints_.token_url,
                 .redirect_uri = config_.redirect_uri},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes& scopes, const std::string& callback_url,
                                  const std::string& state) const override {
    if (config_.redirect_uri != callback_url)
      return failed(upstream::redirect_mismatch(callback_url, config_.redirect_uri));
    std::vector<std::string> upstream_scopes{"user:email"};
    // read:org lets dex see org and team membership.
    if (groups_required(config_, scopes.groups)) upstream_scopes.push_back("read:org");
    return LoginRedirect{upstream::authorize_url({.auth_url = endpoints_.auth_url,
                                                  .client_id = config_.client_id,
                                                  .redirect_uri = config_.redirect_uri,
                                                  .scopes = upstream_scopes,
                                                  .state = state}),
                         ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    auto token = upstream::redeem_callback(request, tokens_, "github");
    if (!token) return std::unexpected(token.error());
    Api api(client_, endpoints_.api_url, token->access_token);
    Identity identity;
    identity.email_verified = true;
    if (auto read = read_user(api, scopes, identity, true); !read) return std::unexpected(read.error());
    if (scopes.offline_access) {
      identity.connector_data =
          upstream::encode_token_data({.access_token = token->access_token}, upstream::TokenFields::kAccess);
    }
    return identity;
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& stored) const override {
    if (stored.connector_data.empty()) return failed("no upstream access token found");
    auto data = upstream::decode_token_data(stored.connector_data);
    if (!data) return failed("github: unmarshal access token: invalid connector data");
    Api api(client_, endpoints_.api_url, data->access_token);
    Identity identity = stored;
    if (auto read = read_user(api, scopes, identity, false); !read) return std::unexpected(read.error());
    return identity;
  }

 private:
  // Fills the user's names, email and (when required) groups; the user ID only at login, as dex's
  // refresh keeps the stored one.
  Result<void> read_user(const Api& api, const Scopes& scopes, Identity& identity, bool set_id) const {
    auto user = api.user();
    if (!user) return failed(fmt::format("github: get user: {}", user.error().message));
    // dex reads the emails only when /user shows none, or to look for the preferred domain.
    if (user->email.empty() || !config_.preferred_email_domain.empty()) {
      auto emails = api.emails();
      if (!emails) return failed(fmt::format("github: get user: {}", emails.error().message));
      auto email = choose_email(*emails, config_.preferred_email_domain, !config_.host_name.empty());
      if (!email) return failed(fmt::format("github: get user: {}", email.error().message));
      user->email = *email;
    }
    if (set_id) identity.user_id = config_.use_login_as_id ? user->login : std::to_string(user->id);
    identity.username = user->name.empty() ? user->login : user->name;
    identity.preferred_username = user->login;
    identity.email = user->email;
    if (groups_required(config_, scopes.groups)) {
      auto groups = user_groups(config_, api, scopes.groups, user->login);
      if (!groups) return std::unexpected(groups.error());
      identity.groups = std::move(*groups);
    }
    return {};
  }

  Config config_;
  Endpoints endpoints_;
  http_client::Client client_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<GithubConnector, CallbackConnector>);
static_assert(std::derived_from<GithubConnector, RefreshConnector>);

// dex trusts only the rootCA file for an Enterprise host; otherwise the system roots.
Result<http_client::Client> make_client(const Config& config) {
  if (config.root_ca.empty()) {
    auto client = upstream::make_client({}, false);
    if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
    return std::move(*client);
  }
  auto pem = http_client::root_ca_from_file(config.root_ca);
  if (!pem) return failed(fmt::format("failed to create HTTP client: {}", pem.error().message));
  http_client::ClientOptions options;
  options.root_ca_pem = std::move(*pem);
  options.trust_system_roots = false;
  options.max_response_bytes = upstream::kMaxUpstreamResponse;
  options.follow_redirects = true;
  auto client = http_client::Client::create(std::move(options));
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  return std::move(*client);
}

// `endpoints` replace the ones the config gives, for tests.
Result<std::unique_ptr<Connector>> open_at(const OpenContext& context, const nlohmann::json& json,
                                           std::optional<Endpoints> endpoints) {
  Config config = parse_config(json, context.id);
  auto client = make_client(config);
  if (!client) return std::unexpected(client.error());
  Endpoints where = endpoints ? std::move(*endpoints) : config.endpoints();
  return std::make_unique<GithubConnector>(std::move(config), std::move(where), std::move(*client));
}

}  // namespace

Result<std::unique_ptr<Connector>> open_with_endpoints_for_test(const OpenContext& context,
                                                                const nlohmann::json& json,
                                                                Endpoints endpoints) {
  return open_at(context, json, std::move(endpoints));
}

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  return open_at(context, json, std::nullopt);
}

}  // namespace dexcc::connector::github
