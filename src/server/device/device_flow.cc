// The device endpoints: code issuance, user-code entry, and redeeming the browser's code for the device.
#include "server/device/device_flow.h"

#include <fmt/format.h>

#include "base/go_json.h"
#include "base/log.h"
#include "base/random.h"
#include "oauth2/pkce.h"
#include "oauth2/scopes.h"

namespace dexcc::server::device {
namespace {

constexpr int kPollIntervalSeconds = 5;
constexpr int kUserCodeAttempts = 5;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

DeviceFlow::DeviceFlow(const Issuer& issuer, DeviceStores stores, const base::Clock& clock, base::Duration request_ttl,
                       const grants::AuthorizationCodeGrant& codes, const grants::TokenEndpoint& endpoint,
                       const auth::Pages& pages)
    : issuer_(issuer), stores_(stores), clock_(clock), request_ttl_(request_ttl), codes_(codes), endpoint_(endpoint), pages_(pages) {}

void DeviceFlow::mount(http::Router& router) const {
  router.handle("/device/code", [this](const http::Request& r) { return handle_device_code(r); });
  router.handle("/device", [this](const http::Request& r) { return handle_user_code_page(r); });
  router.handle("/device/auth/verify_code", [this](const http::Request& r) { return handle_verify_user_code(r); });
  router.handle("/device/callback", [this](const http::Request& r) { return handle_callback(r); });
  router.handle("/device/token", [this](const http::Request& r) { return handle_legacy_token(r); });
}

http::Response DeviceFlow::handle_device_code(const http::Request& req) const {
  if (req.method != "POST") return grants::token_error(oauth2::invalid_request("method not allowed"));
  const auto& form = req.form();
  if (form.error) return grants::form_error(form, "Failed to parse the request.");
  // dex does not check the client here and later carries its secret through the browser; dexcc
  // authenticates the device's client up front instead (public clients with their ID alone).
  auto client = grants::authenticate_client(stores_.clients, req, form.values);
  if (!client) return grants::client_auth_error(req, client.error());

  std::vector<std::string> scopes = oauth2::split_fields(form.values.get("scope"));
  if (scopes.empty()) scopes = {std::string(oauth2::kScopeOpenId)};
  std::string challenge(form.values.get("code_challenge"));
  std::string method(form.values.get("code_challenge_method"));
  if (method.empty()) method = std::string(oauth2::kPkcePlain);
  if (!oauth2::pkce_method_supported(method)) {
    return grants::token_error(
        oauth2::invalid_request(fmt::format("Unsupported PKCE challenge method ({}).", oauth2::go_quote(method))));
  }

  base::Time now = clock_.now();
  std::string device_code = base::new_device_code();
  storage::DeviceRequest request{.device_code = device_code,
                                 .client_id = client->id,
                                 .scopes = scopes,
                                 .expiry = now + request_ttl_};
  storage::Result<void> created = std::unexpected(storage::Error{});
  for (int attempt = 0; attempt < kUserCodeAttempts; ++attempt) {
    request.user_code = base::new_user_code();
    created = stores_.device_requests.create_device_request(request);
    if (created || !created.error().already_exists()) break;  // a user code collision: draw again
  }
  if (!created) return grants::token_error(oauth2::server_error("create device request: " + created.error().message));
  storage::DeviceToken device_token{.device_code = device_code,
                                    .status = storage::kDeviceTokenPending,
                                    .expiry = now + request_ttl_,
                                    .last_request_time = now,
                                    .poll_interval_seconds = 0,
                                    .pkce = {challenge, method}};
  if (auto t = stores_.device_tokens.create_device_token(device_token); !t) {
    return grants::token_error(oauth2::server_error("create device token: " + t.error().message));
  }

  std::string verification = issuer_.absolute("/device");
  http::Values complete;
  complete.set("user_code", request.user_code);
  std::string body = "{\"device_code\":" + base::go_json_string(device_code) +
                     ",\"user_code\":" + base::go_json_string(request.user_code) +
                     ",\"verification_uri\":" + base::go_json_string(verification) +
                     ",\"verification_uri_complete\":" + base::go_json_string(verification + "?" + complete.encode()) +
                     ",\"expires_in\":" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(request_ttl_).count()) +
                     ",\"interval\":" + std::to_string(kPollIntervalSeconds) + "}";
  http::Response r = http::Response::json(200, body);
  r.headers.set("Cache-Control", "no-store");
  return r;
}

http::Response DeviceFlow::handle_user_code_page(const http::Request& req) const {
  if (req.method != "GET") return pages_.error(req, 400, "Requested resource does not exist.");
  http::ParsedQuery q = http::parse_query(req.query);
  if (q.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
  return pages_.device(req,
                       auth::DeviceForm{.post_url = issuer_.route_path("/device/auth/verify_code"),
                                        .user_code = std::string(q.values.get("user_code")),
                                        .invalid = q.values.get("invalid") == "true"},
                       200);
}

http::Response DeviceFlow::handle_verify_user_code(const http::Request& req) const {
  if (req.method != "POST") return pages_.error(req, 400, "Requested resource does not exist.");
  const auto& form = req.form();
  if (form.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
  std::string user_code = upper(form.values.get("user_code"));
  if (user_code.empty()) return pages_.error(req, 400, "No user code received");
  auto invalid = [&] {
    return pages_.device(req,
                         auth::DeviceForm{.post_url = issuer_.route_path("/device/auth/verify_code"),
                                          .user_code = user_code,
                                          .invalid = true},
                         400);
  };
  auto request = stores_.device_requests.get_device_request(user_code);
  if (!request) {
    if (request.error().not_found()) return invalid();
    log::error("failed to get device request", {{"error", request.error().message}});
    return pages_.error(req, 500, "Database error.");
  }
  if (clock_.now() > request->expiry) return invalid();

  http::Values q;
  q.set("client_id", request->client_id);
  q.set("redirect_uri", issuer_.route_path("/device/callback"));
  q.set("response_type", "code");
  std::string scope;
  for (const auto& s : request->scopes) scope += (scope.empty() ? "" : " ") + s;
  q.set("scope", scope);
  q.set("state", user_code);
  return http::Response::redirect(302, issuer_.absolute("/auth") + "?" + q.encode());
}

http::Response DeviceFlow::handle_callback(const http::Request& req) const {
  if (req.method != "GET") return pages_.error(req, 400, "Requested resource does not exist.");
  http::ParsedQuery parsed = http::parse_query(req.query);
  if (parsed.too_many_parameters) return pages_.error(req, 400, http::kTooManyParameters);
  const http::Values& q = parsed.values;
  if (q.has("error")) return pages_.error(req, 400, "Authorization failed. Please try again.");
  std::string code(q.get("code")), user_code(q.get("state"));
  if (code.empty() || user_code.empty()) return pages_.error(req, 400, "Request was missing parameters");

  base::Time now = clock_.now();
  auto request = stores_.device_requests.get_device_request(user_code);
  if (!request || now > request->expiry) {
    if (!request && !request.error().not_found()) return pages_.error(req, 500, "Database error.");
    return pages_.error(req, 400, "Invalid or expired user code.");
  }
  auto auth_code = stores_.auth_codes.get_auth_code(code);
  if (!auth_code || now > auth_code->expiry) {
    if (!auth_code && !auth_code.error().not_found()) return pages_.error(req, 500, "Database error.");
    return pages_.error(req, 400, "Invalid or expired auth code.");
  }
  // The browser's code must belong to the device's client and to this callback (newer dex's check).
  if (auth_code->client_id != request->client_id || auth_code->redirect_uri != issuer_.route_path("/device/callback")) {
    return pages_.error(req, 400, "Invalid or expired auth code.");
  }
  auto client = stores_.clients.get_client(request->client_id);
  if (!client) return pages_.error(req, 401, "Invalid client credentials.");

  auto device_token = stores_.device_tokens.get_device_token(request->device_code);
  if (!device_token || now > device_token->expiry) return pages_.error(req, 400, "Invalid or expired user code.");
  if (device_token->status != storage::kDeviceTokenPending) return pages_.error(req, 400, "The device code was already used.");

  auto tokens = codes_.redeem(client->id, code, auth_code->redirect_uri, "");
  if (!tokens) {
    log::error("device callback could not redeem the code", {{"error", tokens.error().code}, {"detail", tokens.error().debug}});
    return pages_.error(req, tokens.error().status >= 500 ? 500 : 400, "Invalid or expired auth code.");
  }
  std::string json = tokens->to_json();
  auto saved = stores_.device_tokens.update_device_token(request->device_code, [&](storage::DeviceToken old) -> storage::Result<storage::DeviceToken> {
    if (old.status != storage::kDeviceTokenPending) return storage::fail("device code already completed");
    old.status = storage::kDeviceTokenComplete;
    old.token = json;
    return old;
  });
  if (!saved) return pages_.error(req, 400, "The device code was already used.");
  return pages_.device_success(req, client->name);
}

http::Response DeviceFlow::handle_legacy_token(const http::Request& req) const {
  if (req.method != "POST") return grants::token_error(oauth2::invalid_request("method not allowed"));
  log::warn("the /device/token endpoint is deprecated; devices should poll /token");
  const auto& form = req.form();
  if (form.too_many_parameters) return grants::form_error(form, "");
  if (form.post_values.get("grant_type") != kDeviceCodeGrant) {
    return grants::token_error(oauth2::invalid_grant(""));
  }
  const grants::Grant* grant = endpoint_.find(kDeviceCodeGrant);
  if (!grant) return grants::token_error(oauth2::unsupported_grant_type());
  return endpoint_.run(*grant, req);
}

}  // namespace dexcc::server::device
