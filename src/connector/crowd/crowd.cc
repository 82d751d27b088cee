// The atlassian-crowd connector: login, refresh, groups filter and ConnectorData.
#include "connector/crowd/crowd.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/go_json.h"
#include "base/text.h"
#include "connector/crowd/api.h"
#include "connector/upstream/client.h"
#include "connector/upstream/json_member.h"

namespace dexcc::connector::crowd {
namespace {

class Crowd final : public Connector, public PasswordConnector, public RefreshConnector {
 public:
  Crowd(Config config, http_client::Client client)
      : config_(std::move(config)), api_(config_, std::move(client)) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::PasswordConnector
  std::string prompt() const override { return config_.username_prompt; }

  Result<std::optional<Identity>> login(const Scopes& scopes, std::string_view username_view,
                                        std::string_view password) const override {
    // Crowd must never see an empty password (dex's check).
    if (password.empty()) return std::optional<Identity>();
    std::string username(username_view);
    auto valid = api_.authenticate(username, std::string(password));
    if (!valid) return std::unexpected(valid.error());
    if (!*valid) return std::optional<Identity>();
    auto user = api_.user(username);
    if (!user) return std::unexpected(user.error());
    if (user->active == false)
      return failed(fmt::format("crowd: user {} is not active", base::go_quote(username)));
    Identity id = identity_of(*user);
    if (scopes.groups) {
      auto groups = filtered_groups(id.username);
      if (!groups) return failed(fmt::format("crowd: failed to query groups: {}", groups.error().message));
      id.groups = std::move(*groups);
    }
    if (scopes.offline_access) {
      // The typed username: refresh looks the user up by it (dex's connectorData).
      id.connector_data = base::go_json_dump(nlohmann::ordered_json{{"username", username}});
    }
    return std::optional<Identity>(std::move(id));
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& identity) const override {
    nlohmann::json data = nlohmann::json::parse(identity.connector_data, nullptr, false);
    auto username = upstream::json_string_member(data, "username");
    if (!data.is_object() || !username) return failed("crowd: failed to unmarshal internal data");
    std::string quoted = base::go_quote(*username);
    auto user = api_.user(*username);
    if (!user) return failed(fmt::format("crowd: get user {}: {}", quoted, user.error().message));
    // dex ignores "active"; Crowd refuses the session below for such a user anyway.
    if (user->active == false) return failed(fmt::format("crowd: user {} is not active", quoted));
    Identity refreshed = identity_of(*user);
    refreshed.connector_data = identity.connector_data;
    // A new session also extends Crowd's single sign-on session, as dex does on refresh.
    if (auto renewed = api_.renew_session(*username); !renewed) {
      return failed(fmt::format("crowd: authenticate user: {}", renewed.error().message));
    }
    if (scopes.groups) {
      auto groups = filtered_groups(refreshed.username);
      if (!groups) return failed(fmt::format("crowd: failed to query groups: {}", groups.error().message));
      refreshed.groups = std::move(*groups);
    }
    return refreshed;
  }

 private:
  Identity identity_of(const User& user) const {
    Identity id;
    id.username = user.name;
    id.user_id = user.key;
    id.email = user.email;
    id.email_verified = true;
    switch (config_.preferred_username) {
      case PreferredUsername::kKey:
        id.preferred_username = user.key;
        break;
      case PreferredUsername::kName:
        id.preferred_username = user.name;
        break;
      case PreferredUsername::kEmail:
        id.preferred_username = user.email;
        break;
      case PreferredUsername::kNone:
        break;
    }
    return id;
  }

  // The user's groups; with `groups` configured only those, and none of them is an error.
  Result<std::vector<std::string>> filtered_groups(const std::string& username) const {
    auto groups = api_.nested_groups(username);
    if (!groups || config_.groups.empty()) return groups;
    std::vector<std::string> kept;
    for (auto& g : *groups) {
      if (std::find(config_.groups.begin(), config_.groups.end(), g) != config_.groups.end())
        kept.push_back(std::move(g));
    }
    if (kept.empty())
      return failed(
          fmt::format("crowd: user {} is not in any of the required groups", base::go_quote(username)));
    return kept;
  }

  Config config_;
  Api api_;
};
static_assert(std::derived_from<Crowd, PasswordConnector>);
static_assert(std::derived_from<Crowd, RefreshConnector>);

// dex's Crowd client: 5 s to connect and for the TLS handshake, 10 s in all, no proxy (its own
// transport does not read the proxy variables), redirects followed.
Result<http_client::Client> crowd_client() {
  http_client::ClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.total_timeout = std::chrono::seconds(10);
  options.proxy_env = http_client::ProxyEnv{};
  options.max_response_bytes = upstream::kMaxUpstreamResponse;
  options.follow_redirects = true;
  auto client = http_client::Client::create(std::move(options));
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  return std::move(*client);
}

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  auto client = crowd_client();
  if (!client) return std::unexpected(client.error());
  return std::make_unique<Crowd>(std::move(config), std::move(*client));
}

}  // namespace dexcc::connector::crowd
