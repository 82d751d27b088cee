// The gitlab connector: login redirect, callback and refresh.
#include "connector/gitlab/gitlab.h"

#include <fmt/format.h>

#include "connector/gitlab/config.h"
#include "connector/gitlab/groups.h"
#include "connector/upstream/api_get.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_data.h"
#include "connector/upstream/token_endpoint.h"

namespace dexcc::connector::gitlab {
namespace {

class GitlabConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  GitlabConnector(Config config, http_client::Client client)
      : config_(std::move(config)),
        client_(std::move(client)),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = config_.base_url + "/oauth/token",
                 .redirect_uri = config_.redirect_uri},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes& scopes, const std::string& callback_url,
                                  const std::string& state) const override {
    // dex's gitlab names the configured URI first.
    if (config_.redirect_uri != callback_url)
      return failed(upstream::redirect_mismatch(config_.redirect_uri, callback_url));
    std::vector<std::string> upstream_scopes{"read_user"};
    // openid makes /oauth/userinfo list the groups.
    if (groups_required(scopes)) upstream_scopes.push_back("openid");
    return LoginRedirect{upstream::authorize_url({.auth_url = config_.base_url + "/oauth/authorize",
                                                  .client_id = config_.client_id,
                                                  .redirect_uri = config_.redirect_uri,
                                                  .scopes = upstream_scopes,
                                                  .state = state}),
                         ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    auto token = upstream::redeem_callback(request, tokens_, "gitlab");
    if (!token) return std::unexpected(token.error());
    return identity(scopes, token->access_token, token->refresh_token);
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& stored) const override {
    auto data = upstream::decode_token_data(stored.connector_data);
    if (!data) return failed("gitlab: unmarshal connector data: invalid connector data");
    if (!data->refresh_token.empty()) {
      auto token = tokens_.refresh(data->refresh_token);
      if (!token)
        return failed(fmt::format("gitlab: failed to get refresh token: {}", token.error().message));
      return identity(scopes, token->access_token, token->refresh_token);
    }
    if (!data->access_token.empty()) return identity(scopes, data->access_token, "");
    return failed("no refresh or access token found");
  }

 private:
  bool groups_required(const Scopes& scopes) const { return !config_.groups.empty() || scopes.groups; }

  // dex's identity(): the user, the groups when required, and the tokens with offline_access. As
  // in dex, a refresh builds it whole again.
  Result<Identity> identity(const Scopes& scopes, const std::string& access_token,
                            const std::string& refresh_token) const {
    auto user = upstream::api_get(client_, config_.base_url + "/api/v4/user", access_token, "gitlab");
    if (!user) return failed(fmt::format("gitlab: get user: {}", user.error().message));
    const nlohmann::json& u = user->body;
    auto text = [&](const char* key) {
      auto it = u.find(key);
      return it != u.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto id = u.is_object() ? u.find("id") : u.end();
    if (!u.is_object() || (id != u.end() && !id->is_null() && !id->is_number_integer())) {
      return failed("gitlab: get user: failed to decode response: id is not an integer");
    }
    Identity identity;
    identity.user_id = id != u.end() && id->is_number_integer() ? std::to_string(id->get<int64_t>()) : "0";
    identity.username = text("name").empty() ? text("email") : text("name");
    identity.preferred_username = text("username");
    identity.email = text("email");
    identity.email_verified = true;
    if (config_.use_login_as_id) identity.user_id = identity.preferred_username;
    if (groups_required(scopes)) {
      auto groups = user_groups(scopes, access_token, identity.preferred_username);
      if (!groups) return failed(fmt::format("gitlab: get groups: {}", groups.error().message));
      identity.groups = std::move(*groups);
    }
    if (scopes.offline_access) {
      identity.connector_data =
          upstream::encode_token_data({.access_token = access_token, .refresh_token = refresh_token},
                                      upstream::TokenFields::kAccessRefresh);
    }
    return identity;
  }

  Result<std::vector<std::string>> user_groups(const Scopes& scopes, const std::string& access_token,
                                               const std::string& login) const {
    auto answer = upstream::api_get(client_, config_.base_url + "/oauth/userinfo", access_token, "gitlab");
    if (!answer) return std::unexpected(answer.error());
    auto info = parse_userinfo(answer->body);
    if (!info) return failed("failed to decode response: groups are not a list of strings");
    std::vector<std::string> groups = config_.get_groups_permission ? with_permissions(*info) : info->groups;
    if (!config_.groups.empty()) {
      auto kept = filter_groups(groups, config_.groups);
      if (kept.empty())
        return failed(fmt::format("gitlab: user \"{}\" is not in any of the required groups", login));
      return kept;
    }
    if (scopes.groups) return groups;
    return std::vector<std::string>{};
  }

  Config config_;
  http_client::Client client_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<GitlabConnector, CallbackConnector>);
static_assert(std::derived_from<GitlabConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, context.id);
  std::vector<std::string> cas;
  if (!config.root_ca_pem.empty()) cas.push_back(config.root_ca_pem);
  auto client = upstream::make_client(cas, false);
  if (!client) return failed(fmt::format("gitlab: failed to create HTTP client: {}", client.error().message));
  return std::make_unique<GitlabConnector>(std::move(config), std::move(*client));
}

}  // namespace dexcc::connector::gitlab
