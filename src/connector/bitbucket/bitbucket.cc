// The bitbucket-cloud connector: login redirect, callback and refresh.
#include "connector/bitbucket/bitbucket.h"

#include <fmt/format.h>

#include <algorithm>

#include "connector/bitbucket/api.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_data.h"
#include "connector/upstream/token_endpoint.h"

namespace dexcc::connector::bitbucket {
namespace {

const base::SystemClock kSystemClock;

class BitbucketConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  BitbucketConnector(Config config, Endpoints endpoints, http_client::Client client, const base::Clock& clock)
      : config_(std::move(config)),
        endpoints_(std::move(endpoints)),
        client_(std::move(client)),
        clock_(clock),
        // No redirect_uri in the code grant either: dex's oauth2.Config has none.
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = endpoints_.token_url},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes& scopes, const std::string& callback_url,
                                  const std::string& state) const override {
    if (config_.redirect_uri != callback_url)
      return failed(upstream::redirect_mismatch(callback_url, config_.redirect_uri));
    std::vector<std::string> upstream_scopes{"account", "email"};
    if (groups_required(scopes)) upstream_scopes.push_back("team");
    return LoginRedirect{upstream::authorize_url({.auth_url = endpoints_.auth_url,
                                                  .client_id = config_.client_id,
                                                  .scopes = upstream_scopes,
                                                  .state = state}),
                         ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    auto token = upstream::redeem_callback(request, tokens_, "bitbucket");
    if (!token) return std::unexpected(token.error());
    Identity identity;
    identity.email_verified = true;
    if (auto read = read_user(scopes, token->access_token, identity, true); !read)
      return std::unexpected(read.error());
    if (scopes.offline_access) {
      identity.connector_data = upstream::encode_token_data(upstream::token_data_from(*token, clock_.now()),
                                                            upstream::TokenFields::kAccessRefreshExpiry);
    }
    return identity;
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& stored) const override {
    if (stored.connector_data.empty()) return failed("bitbucket: no upstream access token found");
    auto data = upstream::decode_token_data(stored.connector_data);
    if (!data) return failed("bitbucket: unmarshal access token: invalid connector data");
    bool renewed = false;
    auto token = upstream::current_token(*data, tokens_, clock_.now(), renewed);
    if (!token)
      return failed(fmt::format("bitbucket: get user: bitbucket: get URL {}", token.error().message));
    Identity identity = stored;
    if (renewed) {
      identity.connector_data =
          upstream::encode_token_data(*token, upstream::TokenFields::kAccessRefreshExpiry);
    }
    if (auto read = read_user(scopes, token->access_token, identity, false); !read)
      return std::unexpected(read.error());
    return identity;
  }

 private:
  bool groups_required(const Scopes& scopes) const { return !config_.teams.empty() || scopes.groups; }

  Result<void> read_user(const Scopes& scopes, const std::string& access_token, Identity& identity,
                         bool set_id) const {
    Api api(client_, endpoints_, access_token);
    auto user = api.user();
    if (!user) return failed(fmt::format("bitbucket: get user: {}", user.error().message));
    if (set_id) identity.user_id = user->uuid;  // with Bitbucket's braces
    identity.username = user->username;
    identity.email = user->email;
    if (!groups_required(scopes)) return {};
    auto teams = api.workspaces(config_.include_team_groups);
    if (!teams) return failed(fmt::format("bitbucket: {}", teams.error().message));
    if (!config_.teams.empty()) {
      std::vector<std::string> kept;
      for (const auto& t : *teams) {
        if (std::find(config_.teams.begin(), config_.teams.end(), t) != config_.teams.end())
          kept.push_back(t);
      }
      if (kept.empty()) {
        return failed(
            fmt::format("bitbucket: user \"{}\" is not in any of the required teams", user->username));
      }
      identity.groups = std::move(kept);
    } else if (scopes.groups) {
      identity.groups = std::move(*teams);
    }
    return {};
  }

  Config config_;
  Endpoints endpoints_;
  http_client::Client client_;
  const base::Clock& clock_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<BitbucketConnector, CallbackConnector>);
static_assert(std::derived_from<BitbucketConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open_with_endpoints_for_test(const OpenContext& context,
                                                                const nlohmann::json& json,
                                                                Endpoints endpoints) {
  Config config = parse_config(json, context.id);
  auto client = upstream::make_client({}, false);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  return std::make_unique<BitbucketConnector>(std::move(config), std::move(endpoints), std::move(*client),
                                              context.clock ? *context.clock : kSystemClock);
}

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  // Bitbucket Cloud's fixed URLs.
  return open_with_endpoints_for_test(context, json, Endpoints{});
}

}  // namespace dexcc::connector::bitbucket
