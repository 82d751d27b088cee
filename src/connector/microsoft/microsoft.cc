// The microsoft connector: login redirect, callback and refresh over the token endpoint and Graph.
#include "connector/microsoft/microsoft.h"

#include <fmt/format.h>

#include "base/text.h"
#include "connector/microsoft/config.h"
#include "connector/microsoft/graph.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/groups.h"
#include "connector/upstream/stored_token.h"
#include "connector/upstream/token_endpoint.h"

namespace dexcc::connector::microsoft {
namespace {

// dex's UserNotInRequiredGroupsError, which the server answers with 403.
Error not_in_required_groups(const std::string& user_id, const std::vector<std::string>& groups) {
  std::string list;
  for (const auto& g : groups) list += (list.empty() ? "" : " ") + base::go_quote(g);
  return Error{
      Error::Kind::kUserNotInRequiredGroups,
      fmt::format("user {} is not in any of the required groups [{}]", base::go_quote(user_id), list)};
}

class MicrosoftConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  MicrosoftConnector(Config config, http_client::Client client, const base::Clock& clock)
      : config_(std::move(config)),
        client_(std::move(client)),
        clock_(clock),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = config_.api_url + "/" + config_.tenant + "/oauth2/v2.0/token",
                 .redirect_uri = config_.redirect_uri},
                client_),
        graph_(config_.graph_url, client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes& scopes, const std::string& callback_url,
                                  const std::string& state) const override {
    if (auto ok = upstream::check_callback_url(config_.redirect_uri, callback_url); !ok) {
      return std::unexpected(ok.error());
    }
    http::Values v =
        upstream::code_params(config_.client_id, config_.redirect_uri,
                              config_.request_scopes(scopes.groups, scopes.offline_access), state);
    if (!config_.prompt_type.empty()) v.set("prompt", config_.prompt_type);
    if (!config_.domain_hint.empty()) v.set("domain_hint", config_.domain_hint);
    return LoginRedirect{
        upstream::authorize_url(config_.api_url + "/" + config_.tenant + "/oauth2/v2.0/authorize", v), ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    const http::Values& q = request.form().values;
    if (auto error = upstream::callback_error(q)) return failed(*error);
    auto token = tokens_.exchange_code(std::string(q.get("code")), "");
    if (!token) return failed(fmt::format("microsoft: failed to get token: {}", token.error().message));
    std::string authorization = upstream::authorization_value(token->token_type, token->access_token);
    auto user = graph_.me(authorization);
    if (!user) return failed(fmt::format("microsoft: get user: {}", user.error().message));
    Identity identity;
    identity.user_id = user->id;
    identity.username = user->display_name;
    identity.email =
        config_.email_to_lowercase ? base::go_to_lower(user->user_principal_name) : user->user_principal_name;
    identity.email_verified = true;
    if (config_.groups_required(scopes.groups)) {
      auto groups = groups_of(authorization, user->id);
      if (!groups) return with_prefix("microsoft: get groups: ", groups.error());
      identity.groups = std::move(*groups);
    }
    if (scopes.offline_access) {
      identity.connector_data =
          upstream::encode_stored_token(upstream::StoredToken::from(*token, clock_.now()));
    }
    return identity;
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& identity) const override {
    if (identity.connector_data.empty()) return failed("microsoft: no upstream access token found");
    auto stored = upstream::decode_stored_token(identity.connector_data);
    if (!stored) return failed("microsoft: unmarshal access token: not dex's token JSON");
    Identity out = identity;
    // x/oauth2's token source: the stored access token while it is valid, else a refresh grant
    // whose answer is written back.
    base::Time now = clock_.now();
    if (!stored->valid(now)) {
      if (stored->refresh_token.empty()) {
        return failed("microsoft: get user: oauth2: token expired and refresh token is not set");
      }
      auto token = tokens_.refresh(stored->refresh_token);
      if (!token) return failed(fmt::format("microsoft: get user: {}", token.error().message));
      *stored = upstream::StoredToken::from(*token, now);
      out.connector_data = upstream::encode_stored_token(*stored);
    }
    std::string authorization = upstream::authorization_value("", stored->access_token);
    auto user = graph_.me(authorization);
    if (!user) return failed(fmt::format("microsoft: get user: {}", user.error().message));
    // dex does not apply emailToLowercase here.
    out.username = user->display_name;
    out.email = user->user_principal_name;
    if (config_.groups_required(scopes.groups)) {
      auto groups = groups_of(authorization, user->id);
      if (!groups) return with_prefix("microsoft: get groups: ", groups.error());
      out.groups = std::move(*groups);
    }
    return out;
  }

 private:
  static std::unexpected<Error> with_prefix(std::string_view prefix, Error error) {
    error.message.insert(0, prefix);
    return std::unexpected(std::move(error));
  }

  Result<std::vector<std::string>> groups_of(const std::string& authorization,
                                             const std::string& user_id) const {
    auto groups = graph_.member_group_ids(authorization, config_.only_security_groups);
    if (!groups) return groups;
    if (config_.group_name_format == GroupNameFormat::kName && !groups->empty()) {
      groups = graph_.group_names(authorization, *groups);
      if (!groups) return groups;
    }
    std::vector<std::string> filtered = upstream::filter_groups(*groups, config_.groups);
    if (!config_.groups.empty() && filtered.empty()) {
      return std::unexpected(not_in_required_groups(user_id, config_.groups));
    }
    if (config_.use_groups_as_whitelist) return filtered;
    return groups;
  }

  Config config_;
  http_client::Client client_;
  const base::Clock& clock_;
  upstream::TokenEndpoint tokens_;
  Graph graph_;
};
static_assert(std::derived_from<MicrosoftConnector, CallbackConnector>);
static_assert(std::derived_from<MicrosoftConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  auto client = upstream::make_client({}, false);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  static const base::SystemClock kSystemClock;
  const base::Clock& clock = context.clock ? *context.clock : kSystemClock;
  return std::make_unique<MicrosoftConnector>(std::move(config), std::move(*client), clock);
}

}  // namespace dexcc::connector::microsoft
