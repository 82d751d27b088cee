// The linkedin connector: login redirect, callback and refresh over LinkedIn's fixed endpoints.
#include "connector/linkedin/linkedin.h"

#include <fmt/format.h>

#include "base/go_json.h"
#include "base/json_fields.h"
#include "base/log.h"
#include "connector/linkedin/profile.h"
#include "connector/upstream/api_error.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/client.h"
#include "connector/upstream/token_endpoint.h"

namespace dexcc::connector::linkedin {
namespace {

constexpr char kApiUrl[] = "https://api.linkedin.com/v2";
constexpr char kAuthUrl[] = "https://www.linkedin.com/oauth/v2/authorization";
constexpr char kTokenUrl[] = "https://www.linkedin.com/oauth/v2/accessToken";

class LinkedinConnector final : public Connector, public CallbackConnector, public RefreshConnector {
 public:
  LinkedinConnector(std::string client_id, std::string client_secret, std::string redirect_uri,
                    http_client::Client client)
      : client_id_(std::move(client_id)),
        redirect_uri_(std::move(redirect_uri)),
        client_(std::move(client)),
        // LinkedIn takes the client credentials in the body only (AuthStyleInParams in dex).
        tokens_({.client_id = client_id_,
                 .client_secret = std::move(client_secret),
                 .token_url = kTokenUrl,
                 .redirect_uri = redirect_uri_,
                 .style = upstream::AuthStyle::kInParams},
                client_) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes&, const std::string& callback_url,
                                  const std::string& state) const override {
    if (auto ok = upstream::check_callback_url(redirect_uri_, callback_url); !ok)
      return std::unexpected(ok.error());
    http::Values v =
        upstream::code_params(client_id_, redirect_uri_, {"r_liteprofile", "r_emailaddress"}, state);
    return LoginRedirect{upstream::authorize_url(kAuthUrl, v), ""};
  }

  Result<Identity> handle_callback(const Scopes& scopes, const std::string&,
                                   const http::Request& request) const override {
    const http::Values& q = request.form().values;
    if (auto error = upstream::callback_error(q)) return failed(*error);
    auto token = tokens_.exchange_code(std::string(q.get("code")), "");
    if (!token) return failed(fmt::format("linkedin: get token: {}", token.error().message));
    auto profile = fetch_profile(upstream::authorization_value(token->token_type, token->access_token));
    if (!profile) return failed(fmt::format("linkedin: get profile: {}", profile.error().message));
    Identity identity;
    identity.user_id = profile->id;
    identity.username = profile->full_name();
    identity.email = profile->email;
    identity.email_verified = true;
    if (scopes.offline_access) {
      identity.connector_data =
          base::go_json_dump(nlohmann::ordered_json{{"accessToken", token->access_token}});
    }
    return identity;
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes&, const Identity& identity) const override {
    if (identity.connector_data.empty()) return failed("linkedin: no upstream access token found");
    std::string access_token;
    nlohmann::json data = nlohmann::json::parse(identity.connector_data, nullptr, false);
    try {
      if (!data.is_object()) throw base::ConfigError("not a JSON object");
      access_token = base::JsonFields(data, "connector data").string("accessToken");
    } catch (const base::ConfigError& e) {
      return failed(fmt::format("linkedin: unmarshal access token: {}", e.what()));
    }
    auto profile = fetch_profile(upstream::authorization_value("", access_token));
    if (!profile) return failed(fmt::format("linkedin: get profile: {}", profile.error().message));
    Identity out = identity;
    out.username = profile->full_name();
    out.email = profile->email;
    return out;
  }

 private:
  Result<std::string> get(const std::string& url, const std::string& authorization) const {
    auto response = client_.send({.url = url, .headers = {{"Authorization", authorization}}});
    if (!response) return failed(fmt::format("get URL {}", response.error().message));
    if (response->status != 200) return failed(upstream::status_error(response->status, response->body));
    return std::move(response->body);
  }

  Result<Profile> fetch_profile(const std::string& authorization) const {
    auto me = get(std::string(kApiUrl) + "/me", authorization);
    if (!me) return std::unexpected(me.error());
    auto profile = parse_me(*me);
    if (!profile) return profile;
    auto emails =
        get(std::string(kApiUrl) + "/emailAddress?q=members&projection=(elements*(handle~))", authorization);
    if (!emails) return failed(fmt::format("fetching email: {}", emails.error().message));
    auto email = parse_email(*emails);
    if (!email) return failed(fmt::format("fetching email: {}", email.error().message));
    profile->email = std::move(*email);
    return profile;
  }

  std::string client_id_, redirect_uri_;
  http_client::Client client_;
  upstream::TokenEndpoint tokens_;
};
static_assert(std::derived_from<LinkedinConnector, CallbackConnector>);
static_assert(std::derived_from<LinkedinConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  base::JsonFields f(json, fmt::format("connectors[{}].config", context.id));
  std::string client_id = f.string("clientID");
  std::string client_secret = f.string("clientSecret");
  std::string redirect_uri = f.string("redirectURI");
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  auto client = upstream::make_client({}, false);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  return std::make_unique<LinkedinConnector>(std::move(client_id), std::move(client_secret),
                                             std::move(redirect_uri), std::move(*client));
}

}  // namespace dexcc::connector::linkedin
