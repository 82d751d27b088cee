// OIDC steps as a relying party plus browser would do them, with the least client-side work so
// that the load generator leaves the CPU to the server.
#include "load/oidc_steps.h"

#include "base/base64.h"
#include "http/form.h"

namespace dexcc::bench {
namespace {

constexpr int kMaxRedirects = 8;
constexpr const char* kFormHeader = "Content-Type: application/x-www-form-urlencoded\r\n";

std::optional<Tokens> token_request(HttpConnection& conn, const Target& t, const std::string& body) {
  Reply r = conn.request("POST", t.prefix + "/token", t.basic_auth_header() + kFormHeader, body);
  if (r.status != 200) return std::nullopt;
  Tokens out{json_string_member(r.body, "access_token"), json_string_member(r.body, "refresh_token")};
  if (out.access_token.empty()) return std::nullopt;
  return out;
}

// The path and query of `url` when it points at the server under test, else empty.
std::string local_target(const Target& t, const std::string& url) {
  if (url.starts_with("/")) return url;
  std::string origin = "http://" + t.host + ":" + std::to_string(t.port);
  if (url.starts_with(origin + "/")) return url.substr(origin.size());
  return {};
}

}  // namespace

std::string Target::basic_auth_header() const {
  return "Authorization: Basic " + base::base64_encode(http::query_escape(client_id) + ":" +
                                                       http::query_escape(client_secret)) + "\r\n";
}

std::string json_string_member(const std::string& json, std::string_view name) {
  std::string key = "\"" + std::string(name) + "\":";
  size_t at = json.find(key);
  if (at == std::string::npos) return {};
  size_t open = json.find('"', at + key.size());
  if (open == std::string::npos) return {};
  size_t close = json.find('"', open + 1);
  if (close == std::string::npos) return {};
  return json.substr(open + 1, close - open - 1);
}

std::optional<std::string> authorize(HttpConnection& conn, const Target& t) {
  http::Values q;
  q.add("client_id", t.client_id);
  q.add("redirect_uri", t.redirect_uri);
  q.add("response_type", "code");
  q.add("scope", "openid email profile groups offline_access");
  q.add("state", "bench");
  if (!t.connector_id.empty()) q.add("connector_id", t.connector_id);
  std::string next = t.prefix + "/auth?" + q.encode();
  for (int hop = 0; hop < kMaxRedirects; ++hop) {
    Reply r = conn.request("GET", next);
    if (r.status != 302 && r.status != 303) return std::nullopt;
    if (r.location.starts_with(t.redirect_uri + "?")) {
      auto values = http::parse_query(r.location.substr(t.redirect_uri.size() + 1)).values;
      std::string code(values.get("code"));
      if (code.empty()) return std::nullopt;
      return code;
    }
    next = local_target(t, r.location);
    if (next.empty()) return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Tokens> redeem_code(HttpConnection& conn, const Target& t, const std::string& code) {
  http::Values form;
  form.add("grant_type", "authorization_code");
  form.add("code", code);
  form.add("redirect_uri", t.redirect_uri);
  return token_request(conn, t, form.encode());
}

std::optional<Tokens> login(HttpConnection& conn, const Target& t) {
  auto code = authorize(conn, t);
  if (!code) return std::nullopt;
  return redeem_code(conn, t, *code);
}

std::optional<Tokens> refresh(HttpConnection& conn, const Target& t, const std::string& refresh_token) {
  http::Values form;
  form.add("grant_type", "refresh_token");
  form.add("refresh_token", refresh_token);
  return token_request(conn, t, form.encode());
}

std::optional<Tokens> password_grant(HttpConnection& conn, const Target& t) {
  http::Values form;
  form.add("grant_type", "password");
  form.add("username", t.username);
  form.add("password", t.password);
  form.add("scope", "openid email profile groups");
  return token_request(conn, t, form.encode());
}

}  // namespace dexcc::bench
