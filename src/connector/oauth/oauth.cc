// The generic oauth connector: config, login redirect and callback.
#include "connector/oauth/oauth.h"

#include <fmt/format.h>

#include "base/go_json.h"
#include "base/json_fields.h"
#include "base/log.h"
#include "connector/oauth/identity.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_endpoint.h"
#include "http/form.h"

namespace dexcc::connector::oauth {
namespace {

struct Config {
  std::string client_id, client_secret, redirect_uri;
  std::string token_url, authorization_url, user_info_url;
  std::vector<std::string> scopes;  // sent as they are
  ClaimKeys keys;
};

class OauthConnector final : public Connector, public CallbackConnector {
 public:
  OauthConnector(Config config, http_client::Client client)
      : config_(std::move(config)),
        client_(std::move(client)),
        tokens_({.client_id = config_.client_id,
                 .client_secret = config_.client_secret,
                 .token_url = config_.token_url,
                 .redirect_uri = config_.redirect_uri},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes&, const std::string& callback_url,
                                  const std::string& state) const override {
    if (config_.redirect_uri != callback_url) {
      return failed(fmt::format("expected callback URL \"{}\" did not match the URL in the config \"{}\"",
                                callback_url, config_.redirect_uri));
    }
    return LoginRedirect{upstream::authorize_url({.auth_url = config_.authorization_url,
                                                  .client_id = config_.client_id,
                                                  .redirect_uri = config_.redirect_uri,
                                                  .scopes = config_.scopes,
                                                  .state = state}),
                         ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    const http::Values& q = request.form().values;
    // dex keeps only the description of an upstream error.
    if (!q.get("error").empty()) return failed(std::string(q.get("error_description")));
    auto token = tokens_.exchange_code(std::string(q.get("code")), "");
    if (!token) return failed(fmt::format("OAuth connector: failed to get token: {}", token.error().message));
    http_client::Request userinfo{.url = config_.user_info_url,
                                  .headers = {{"Authorization", "Bearer " + token->access_token}}};
    auto response = client_.send(userinfo);
    if (!response) {
      return failed(fmt::format("OAuth Connector: failed to execute request to userinfo: {}",
                                response.error().message));
    }
    if (response->status != 200) {
      return failed(
          fmt::format("OAuth Connector: failed to execute request to userinfo: status {}", response->status));
    }
    nlohmann::json claims = nlohmann::json::parse(response->body, nullptr, false);
    if (claims.is_discarded()) return failed("OAuth Connector: failed to parse userinfo: invalid JSON");
    auto identity = identity_from_userinfo(claims, token->access_token, config_.keys, scopes.groups);
    if (!identity) return identity;
    if (scopes.offline_access) {
      nlohmann::ordered_json data{{"AccessToken", token->access_token}};
      identity->connector_data = base::go_json_dump(data);
    }
    return identity;
  }

 private:
  Config config_;
  http_client::Client client_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<OauthConnector, CallbackConnector>);

// dex fills every empty key with its default at open.
std::string or_default(std::string value, const char* fallback) {
  return value.empty() ? fallback : value;
}

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  base::JsonFields f(json, fmt::format("connectors[{}].config", context.id));
  Config c;
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  c.token_url = f.string("tokenURL");
  c.authorization_url = f.string("authorizationURL");
  c.user_info_url = f.string("userInfoURL");
  c.scopes = f.strings("scopes");
  std::vector<std::string> root_cas = f.strings("rootCAs");
  bool insecure = f.boolean("insecureSkipVerify");
  c.keys.user_id = or_default(f.string("userIDKey"), "id");
  base::JsonFields m = f.object("claimMapping");
  c.keys.user_name = or_default(m.string("userNameKey"), "user_name");
  c.keys.preferred_username = or_default(m.string("preferredUsernameKey"), "preferred_username");
  c.keys.groups = or_default(m.string("groupsKey"), "groups");
  c.keys.email = or_default(m.string("emailKey"), "email");
  c.keys.email_verified = or_default(m.string("emailVerifiedKey"), "email_verified");
  for (auto* fields : {&m, &f}) {
    for (const auto& key : fields->unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  }
  auto client = upstream::make_client(root_cas, insecure);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  return std::make_unique<OauthConnector>(std::move(c), std::move(*client));
}

}  // namespace dexcc::connector::oauth
