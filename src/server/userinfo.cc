// Userinfo returns the verified token's own claims; introspection reports RFC 7662 answers in dex's shape.
#include "server/userinfo.h"

#include "base/go_json.h"
#include "base/log.h"
#include "oauth2/subject.h"
#include "server/grants/endpoint.h"
#include "server/grants/refresh.h"
#include "server/tokens/audience.h"

namespace dexcc::server {
namespace {

http::Response inactive() {
  http::Response r = http::Response::json(200, "{\"active\":false}\n");
  r.headers.set("Cache-Control", "no-store");
  r.headers.set("Pragma", "no-cache");
  return r;
}

http::Response active(std::string body) {
  http::Response r = http::Response::json(200, std::move(body));
  // dex sends no cache headers here; the answer carries personal data, so dexcc forbids caching.
  r.headers.set("Cache-Control", "no-store");
  r.headers.set("Pragma", "no-cache");
  return r;
}

void add(std::string& out, std::string_view key, std::string_view raw) {
  if (out.size() > 1) out += ',';
  out += base::go_json_string(key);
  out += ':';
  out += raw;
}

std::string string_claim(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long number_claim(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  return it != claims.end() && it->is_number() ? it->get<long long>() : 0;
}

}  // namespace

TokenInfo::TokenInfo(std::string issuer_url, const tokens::TokenVerifier& verifier, storage::ClientStore& clients,
                     storage::RefreshStore& refresh_tokens, const base::Clock& clock,
                     grants::RefreshPolicy refresh_policy)
    : issuer_url_(std::move(issuer_url)),
      verifier_(verifier),
      clients_(clients),
      refresh_tokens_(refresh_tokens),
      clock_(clock),
      refresh_policy_(refresh_policy) {}

void TokenInfo::mount(http::Router& router) const {
  // Userinfo only verifies a signature (no storage): on the I/O thread it saves two thread hops,
  // which cost more than the verification itself once the token is remembered.
  router.handle("/userinfo", [this](const http::Request& r) { return handle_userinfo(r); },
                {.cors = true, .runs_inline = true});
  router.handle("/token/introspect", [this](const http::Request& r) { return handle_introspect(r); }, {.cors = true});
}

http::Response TokenInfo::handle_userinfo(const http::Request& req) const {
  constexpr std::string_view kPrefix = "Bearer ";
  std::string_view auth = req.header("Authorization");
  if (auth.size() < kPrefix.size() || !http::iequals(auth.substr(0, kPrefix.size()), kPrefix)) {
    http::Response r = grants::token_error(oauth2::access_denied("Invalid bearer token.", 401));
    r.headers.set("WWW-Authenticate", "Bearer");
    return r;
  }
  auto verified = verifier_.verify(auth.substr(kPrefix.size()));
  if (!verified) {
    log::info("userinfo: token rejected", {{"reason", verified.error()}, {"request_id", req.request_id}});
    return grants::token_error(oauth2::access_denied("Invalid bearer token.", 403));
  }
  return http::Response::json(200, verified->payload);
}

http::Response TokenInfo::handle_introspect(const http::Request& req) const {
  if (req.method != "POST") {
    return grants::token_error(oauth2::invalid_request("HTTP method is \"" + req.method + "\", expected \"POST\"."));
  }
  const auto& form = req.form();
  if (form.error) {
    return grants::form_error(
        form, "Unable to parse HTTP body, make sure to send a properly formatted form request body.");
  }
  if (form.post_values.empty()) return grants::token_error(oauth2::invalid_request("The POST body can not be empty."));
  if (!form.post_values.has("token")) {
    return grants::token_error(oauth2::invalid_request("The POST body doesn't contain 'token' parameter."));
  }
  std::string_view token = form.post_values.get("token");
  // Like dex: whatever parses as a JWT is an access token, anything else a refresh token. A token
  // that verifies parsed, so the shape check (a second parse) is only needed when it does not.
  auto verified = verifier_.verify(token);
  if (verified) return introspect_access_token(req, *verified);
  if (tokens::looks_like_jwt(token)) return inactive();
  return introspect_refresh_token(req, token);
}

http::Response TokenInfo::introspect_access_token(const http::Request& req, const tokens::VerifiedToken& verified) const {
  const nlohmann::json& c = verified.claims;
  std::vector<std::string> aud;
  if (auto it = c.find("aud"); it != c.end()) {
    if (it->is_string()) aud.push_back(it->get<std::string>());
    if (it->is_array()) {
      for (const auto& a : *it) {
        if (a.is_string()) aud.push_back(a.get<std::string>());
      }
    }
  }
  std::string azp = string_claim(c, "azp");
  std::string client_id = aud.size() == 1 ? aud[0] : azp;
  auto client = clients_.get_client(client_id);
  if (!client) {
    log::error("introspection: the token's client is unknown", {{"client_id", client_id}, {"request_id", req.request_id}});
    return grants::token_error(oauth2::server_error());
  }
  std::string ext = "{";
  auto copy = [&](const char* name) {
    if (auto it = c.find(name); it != c.end()) add(ext, name, base::go_json_dump(*it));
  };
  copy("azp");
  copy("email");
  copy("email_verified");
  copy("groups");
  copy("name");
  copy("preferred_username");
  copy("federated_claims");
  ext += "}";
  long long iat = number_claim(c, "iat");
  std::string out = "{";
  add(out, "active", "true");
  add(out, "client_id", base::go_json_string(client->id));
  add(out, "sub", base::go_json_string(string_claim(c, "sub")));
  add(out, "exp", std::to_string(number_claim(c, "exp")));
  add(out, "iat", std::to_string(iat));
  add(out, "nbf", std::to_string(iat));
  if (std::string u = string_claim(c, "preferred_username"); !u.empty()) add(out, "username", base::go_json_string(u));
  add(out, "aud", tokens::audience_json(aud));
  add(out, "iss", base::go_json_string(issuer_url_));
  add(out, "token_type", "\"Bearer\"");
  add(out, "token_use", "\"access_token\"");
  add(out, "ext", ext);
  return active(out + "}");
}

http::Response TokenInfo::introspect_refresh_token(const http::Request& req, std::string_view token) const {
  auto found = grants::lookup_refresh_token(refresh_tokens_, clock_, refresh_policy_, token);
  if (!found) {
    if (found.error().status >= 500) {
      log::error("introspection: refresh token lookup failed", {{"detail", found.error().debug}, {"request_id", req.request_id}});
      return grants::token_error(oauth2::server_error());
    }
    return inactive();
  }
  const storage::RefreshToken& t = found->token;
  long long created = base::unix_seconds(t.created_at);
  long long expires = base::unix_seconds(t.created_at + refresh_policy_.absolute_lifetime);
  std::string ext = "{";
  if (!t.claims.email.empty()) add(ext, "email", base::go_json_string(t.claims.email));
  add(ext, "email_verified", t.claims.email_verified ? "true" : "false");
  if (!t.claims.groups.empty()) {
    std::string groups = "[";
    for (size_t i = 0; i < t.claims.groups.size(); ++i) groups += (i ? "," : "") + base::go_json_string(t.claims.groups[i]);
    add(ext, "groups", groups + "]");
  }
  if (!t.claims.username.empty()) add(ext, "name", base::go_json_string(t.claims.username));
  if (!t.claims.preferred_username.empty())
    add(ext, "preferred_username", base::go_json_string(t.claims.preferred_username));
  ext += "}";
  std::string out = "{";
  add(out, "active", "true");
  add(out, "client_id", base::go_json_string(t.client_id));
  add(out, "sub", base::go_json_string(oauth2::encode_subject(t.claims.user_id, t.connector_id)));
  add(out, "exp", std::to_string(expires));
  add(out, "iat", std::to_string(created));
  add(out, "nbf", std::to_string(created));
  if (!t.claims.preferred_username.empty()) add(out, "username", base::go_json_string(t.claims.preferred_username));
  // dex resolves no scopes here, so the audience is the token's own client even when the token
  // carries cross-client scopes.
  add(out, "aud", base::go_json_string(t.client_id));
  add(out, "iss", base::go_json_string(issuer_url_));
  add(out, "token_type", "\"Bearer\"");
  add(out, "token_use", "\"refresh_token\"");
  add(out, "ext", ext);
  return active(out + "}");
}

}  // namespace dexcc::server
