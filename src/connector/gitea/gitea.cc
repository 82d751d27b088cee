// The gitea connector: login redirect, callback and refresh.
#include "connector/gitea/gitea.h"

#include <fmt/format.h>

#include "connector/gitea/config.h"
#include "connector/gitea/groups.h"
#include "connector/upstream/api_get.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_data.h"
#include "connector/upstream/token_endpoint.h"

namespace dexcc::connector::gitea {
namespace {

const base::SystemClock kSystemClock;

class GiteaConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  GiteaConnector(Config config, http_client::Client client, const base::Clock& clock)
      : config_(std::move(config)),
        client_(std::move(client)),
        clock_(clock),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = config_.base_url + "/login/oauth/access_token",
                 .redirect_uri = config_.redirect_uri},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes&, const std::string& callback_url,
                                  const std::string& state) const override {
    if (config_.redirect_uri != callback_url)
      return failed(upstream::redirect_mismatch(callback_url, config_.redirect_uri));
    // dex asks Gitea for no scopes.
    return LoginRedirect{upstream::authorize_url({.auth_url = config_.base_url + "/login/oauth/authorize",
                                                  .client_id = config_.client_id,
                                                  .redirect_uri = config_.redirect_uri,
                                                  .state = state}),
                         ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    auto token = upstream::redeem_callback(request, tokens_, "gitea");
    if (!token) return std::unexpected(token.error());
    Identity identity;
    identity.email_verified = true;
    if (auto read = read_user(token->access_token, identity, true); !read)
      return std::unexpected(read.error());
    if (scopes.offline_access) {
      identity.connector_data = upstream::encode_token_data(upstream::token_data_from(*token, clock_.now()),
                                                            upstream::TokenFields::kAccessRefreshExpiry);
    }
    return identity;
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes&, const Identity& stored) const override {
    if (stored.connector_data.empty()) return failed("gitea: no upstream access token found");
    auto data = upstream::decode_token_data(stored.connector_data);
    if (!data) return failed("gitea: unmarshal access token: invalid connector data");
    bool renewed = false;
    auto token = upstream::current_token(*data, tokens_, clock_.now(), renewed);
    if (!token) return failed(fmt::format("gitea: get user: gitea: get URL {}", token.error().message));
    Identity identity = stored;
    if (renewed) {
      identity.connector_data =
          upstream::encode_token_data(*token, upstream::TokenFields::kAccessRefreshExpiry);
    }
    if (auto read = read_user(token->access_token, identity, false); !read)
      return std::unexpected(read.error());
    return identity;
  }

 private:
  Result<void> read_user(const std::string& access_token, Identity& identity, bool set_id) const {
    auto user = upstream::api_get(client_, config_.base_url + "/api/v1/user", access_token, "gitea");
    if (!user) return failed(fmt::format("gitea: get user: {}", user.error().message));
    const nlohmann::json& u = user->body;
    auto id = u.is_object() ? u.find("id") : u.end();
    if (!u.is_object() || (id != u.end() && !id->is_null() && !id->is_number_integer())) {
      return failed("gitea: get user: failed to decode response: id is not an integer");
    }
    auto text = [&](const char* key) {
      auto it = u.find(key);
      return it != u.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (set_id) {
      int64_t number = id != u.end() && id->is_number_integer() ? id->get<int64_t>() : 0;
      identity.user_id = config_.use_login_as_id ? text("login") : std::to_string(number);
    }
    identity.username = text("full_name").empty() ? text("email") : text("full_name");
    identity.preferred_username = text("login");
    identity.email = text("email");
    // dex returns groups whenever orgs or loadAllGroups is set; the groups scope plays no part.
    if (!config_.orgs.empty() || config_.load_all_groups) {
      auto groups = team_groups(client_, config_.base_url, access_token);
      if (!groups) return std::unexpected(groups.error());
      if (!config_.orgs.empty()) {
        groups = filter_by_orgs(*groups, config_.orgs);
        if (!groups) return std::unexpected(groups.error());
      }
      identity.groups = std::move(*groups);
    }
    return {};
  }

  Config config_;
  http_client::Client client_;
  const base::Clock& clock_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<GiteaConnector, CallbackConnector>);
static_assert(std::derived_from<GiteaConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, context.id);
  auto client = upstream::make_client({}, false);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  return std::make_unique<GiteaConnector>(std::move(config), std::move(*client),
                                          context.clock ? *context.clock : kSystemClock);
}

}  // namespace dexcc::connector::gitea
