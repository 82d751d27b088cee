// /token dispatch, client authentication and response rendering.
#include "server/grants/endpoint.h"

#include "base/base64.h"
#include "base/go_json.h"
#include "base/log.h"
#include "base/random.h"

namespace dexcc::server::grants {
namespace {

struct BasicCredentials {
  std::string id, secret;
};

// Go's Request.BasicAuth: "Basic " (any case) + standard base64 of "id:secret".
std::optional<BasicCredentials> basic_auth(std::string_view header) {
  if (header.size() < 6 || !http::iequals(header.substr(0, 6), "Basic ")) return std::nullopt;
  auto decoded = base::base64_decode(header.substr(6));
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

void no_store(http::Response& r) {
  r.headers.set("Cache-Control", "no-store");
  r.headers.set("Pragma", "no-cache");
}

}  // namespace

std::string TokenResponse::to_json() const {
  if (stored_json) return *stored_json;
  std::string out = "{\"access_token\":" + base::go_json_string(access_token);
  if (!issued_token_type.empty()) out += ",\"issued_token_type\":" + base::go_json_string(issued_token_type);
  out += ",\"token_type\":" + base::go_json_string(token_type);
  if (expires_in != 0) out += ",\"expires_in\":" + std::to_string(expires_in);
  if (!refresh_token.empty()) out += ",\"refresh_token\":" + base::go_json_string(refresh_token);
  if (!id_token.empty()) out += ",\"id_token\":" + base::go_json_string(id_token);
  return out + "}";
}

http::Response token_error(const oauth2::Error& e) {
  http::Response r = http::Response::json(e.status, e.to_json());
  no_store(r);
  return r;
}

http::Response form_error(const http::Request::Form& form, const std::string& description) {
  return token_error(
      oauth2::invalid_request(form.too_many_parameters ? http::kTooManyParameters : description));
}

http::Response client_auth_error(const http::Request& req, const oauth2::Error& e) {
  http::Response r = token_error(e);
  if (e.status == 401 && basic_auth(req.header("Authorization"))) r.headers.set("WWW-Authenticate", "Basic realm=\"dex\"");
  return r;
}

http::Response token_success(const TokenResponse& t) {
  http::Response r = http::Response::json(200, t.to_json());
  no_store(r);
  return r;
}

TokenEndpoint::TokenEndpoint(storage::ClientStore& clients, std::vector<std::unique_ptr<Grant>> grants)
    : clients_(clients), grants_(std::move(grants)) {}

void TokenEndpoint::mount(http::Router& router) const {
  router.handle("/token", [this](const http::Request& r) { return handle(r); }, {.cors = true});
}

const Grant* TokenEndpoint::find(std::string_view type) const {
  for (const auto& g : grants_) {
    if (g->type() == type) return g.get();
  }
  return nullptr;
}

oauth2::Result<storage::Client> authenticate_client(storage::ClientStore& clients, const http::Request& req,
                                                    const http::Values& body) {
  std::string id, secret;
  if (auto basic = basic_auth(req.header("Authorization"))) {
    // dex form-decodes Basic credentials (RFC 6749 §2.3.1) and then ignores the body's.
    auto decoded_id = http::query_unescape(basic->id);
    if (!decoded_id) return std::unexpected(oauth2::invalid_request("client_id improperly encoded"));
    auto decoded_secret = http::query_unescape(basic->secret);
    if (!decoded_secret) return std::unexpected(oauth2::invalid_request("client_secret improperly encoded"));
    id = std::move(*decoded_id);
    secret = std::move(*decoded_secret);
  } else {
    id = body.get("client_id");
    secret = body.get("client_secret");
  }
  auto client = clients.get_client(id);
  if (!client) {
    if (client.error().not_found()) return std::unexpected(oauth2::invalid_client("Invalid client credentials."));
    return std::unexpected(oauth2::server_error("get client: " + client.error().message));
  }
  // A public client without a secret authenticates with its ID alone; everyone else needs the secret.
  if (!base::constant_time_equal(client->secret, secret)) {
    log::info(secret.empty() ? "missing client_secret on token request" : "invalid client_secret on token request",
              {{"client_id", client->id}, {"request_id", req.request_id}});
    return std::unexpected(oauth2::invalid_client("Invalid client credentials."));
  }
  return std::move(*client);
}

http::Response TokenEndpoint::run(const Grant& grant, const http::Request& req) const {
  const auto& form = req.form();
  std::optional<storage::Client> client;
  if (grant.authenticates_client()) {
    auto authenticated = authenticate_client(clients_, req, form.post_values);
    if (!authenticated) return client_auth_error(req, authenticated.error());
    client = std::move(*authenticated);
  }
  auto result = grant.exchange(GrantRequest{req, form.post_values, client ? &*client : nullptr});
  if (!result) {
    const oauth2::Error& e = result.error();
    if (e.status >= 500 || !e.debug.empty()) {
      log::error("token request failed", {{"grant_type", std::string(grant.type())},
                                          {"error", e.code},
                                          {"detail", e.debug},
                                          {"request_id", req.request_id}});
    }
    return token_error(e);
  }
  return token_success(*result);
}

http::Response TokenEndpoint::handle(const http::Request& req) const {
  if (req.method != "POST") return token_error(oauth2::invalid_request("method not allowed"));
  const auto& form = req.form();
  if (form.error) return form_error(form, "");
  // grant_type is read from the body only; one in the query string is ignored, as in dex.
  std::string_view type = form.post_values.get("grant_type");
  const Grant* grant = find(type);
  if (!grant) return token_error(oauth2::unsupported_grant_type());
  return run(*grant, req);
}

}  // namespace dexcc::server::grants
