// Helpers for the end-to-end flow tests: storage configs per test parameter, a hand-driven
// "browser" that follows dexcc's redirects and submits its forms, token requests, PKCE and JWTs.
#pragma once

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/base64.h"
#include "http/form.h"
#include "support/dexcc_instance.h"
#include "support/etcd_service.h"
#include "support/kube_apiserver.h"
#include "support/services.h"

namespace dexcc::testing::flow {

// ---- storage ---------------------------------------------------------------------------------

// kEtcd runs on the etcd services.sh started, in a namespace of its own per call (so per instance).
// kKubernetes runs on the test process's private kube-apiserver, in a Kubernetes namespace of its
// own per call, through a kubeconfig with an administrator's token.
enum class Store { kMemory, kSqlite, kPostgres, kMysql, kEtcd, kKubernetes };

inline std::string etcd_storage_yaml(const std::string& endpoint, const std::string& ns) {
  return "storage:\n  type: etcd\n  config:\n    endpoints: ['" + endpoint + "']\n    namespace: '" + ns +
         "'\n";
}

// Why a server-backed store cannot run here (empty when it can): the test then skips.
inline std::string store_unavailable(Store s) {
  std::string why;
  if (s == Store::kPostgres && !postgres_server(&why)) return why;
  if (s == Store::kMysql && !mysql_server(&why)) return why;
  if (s == Store::kEtcd && !etcd_endpoint()) return etcd_skip_reason();
  if (s == Store::kKubernetes && !shared_kube_apiserver(&why)) return why;
  return "";
}

// The storage block; for the server stores, a fresh database on the test server.
inline std::string storage_yaml(Store s) {
  std::string why;
  if (s == Store::kMemory) return "storage:\n  type: memory\n";
  if (s == Store::kEtcd) {
    return etcd_storage_yaml(etcd_endpoint().value_or("127.0.0.1:1"), unique_etcd_namespace());
  }
  if (s == Store::kKubernetes) {
    return "storage:\n  type: kubernetes\n  config:\n    kubeConfigFile: " +
           kube_admin_kubeconfig(unique_kube_namespace()) + "\n";
  }
  if (s == Store::kPostgres) {
    auto server = postgres_server(&why);
    std::string db = server ? create_postgres_database(*server, &why) : "";
    EXPECT_FALSE(db.empty()) << why;
    return "storage:\n  type: postgres\n  config:\n    host: " + (server ? server->host : "") +
           "\n    port: " + (server ? server->port : "0") + "\n    database: " + db +
           "\n    user: postgres\n    ssl:\n      mode: disable\n";
  }
  if (s == Store::kMysql) {
    auto server = mysql_server(&why);
    std::string db = server ? create_mysql_database(*server, &why) : "";
    EXPECT_FALSE(db.empty()) << why;
    return "storage:\n  type: mysql\n  config:\n    host: " + (server ? server->host : "") +
           "\n    port: " + (server ? server->port : "0") + "\n    database: " + db + "\n    user: " +
           (server ? server->user : "") + "\n    password: " + (server ? server->password : "") +
           "\n    ssl:\n      mode: \"false\"\n";
  }
  return "storage:\n  type: sqlite3\n  config:\n    file: {{DIR}}/dex.db\n";
}

inline std::string store_name(const ::testing::TestParamInfo<Store>& info) {
  switch (info.param) {
    case Store::kMemory: return "Memory";
    case Store::kSqlite: return "SQLite";
    case Store::kPostgres: return "Postgres";
    case Store::kMysql: return "MySQL";
    case Store::kEtcd: return "Etcd";
    case Store::kKubernetes: return "Kubernetes";
  }
  return "Unknown";
}

// A fixture parameterised by the storage backend: `start` runs the binary on the storage block
// followed by `config`.
class StoreTest : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (std::string why = store_unavailable(GetParam()); !why.empty()) GTEST_SKIP() << why;
  }
  DexccInstance& start(const std::string& config, std::vector<std::string> env = {}) {
    dex_ = std::make_unique<DexccInstance>(
        InstanceOptions{.config_body = storage_yaml(GetParam()) + config, .env = std::move(env)});
    return *dex_;
  }
  // `start`, failing the test with the binary's output when it did not come up.
  DexccInstance& start_ok(const std::string& config, std::vector<std::string> env = {}) {
    DexccInstance& dex = start(config, std::move(env));
    EXPECT_TRUE(dex.started()) << dex.process().output();
    return dex;
  }
  std::unique_ptr<DexccInstance> dex_;
};

#define DEXCC_INSTANTIATE_STORES(Suite)                                                                      \
  INSTANTIATE_TEST_SUITE_P(                                                                                  \
      Storage, Suite,                                                                                        \
      ::testing::Values(Store::kMemory, Store::kSqlite, Store::kPostgres, Store::kMysql, Store::kEtcd,         \
                        Store::kKubernetes),                                                                 \
      store_name)

// ---- config fragments ------------------------------------------------------------------------

// A `staticClients:` entry for the confidential client "app" (secret "app-secret", name "The
// App"), which AuthParams defaults to; `redirect_uris` is the YAML list's inside.
inline std::string app_client_yaml(const std::string& redirect_uris = "'http://127.0.0.1:5555/callback'") {
  return "- id: app\n  secret: app-secret\n  name: The App\n  redirectURIs: [" + redirect_uris + "]\n";
}

// The mock connector "mock" ("Example"): logs everyone in as Kilgore Trout, refreshes, and
// accepts any subject token for token exchange.
inline constexpr char kMockConnectorYaml[] = "connectors:\n- type: mockCallback\n  id: mock\n  name: Example\n";

// The local password database ("local") with one user: admin@example.com, password "password".
inline constexpr char kPasswordDbYaml[] = R"(enablePasswordDB: true
staticPasswords:
- email: admin@example.com
  hash: "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W"
  username: admin
  userID: 08a8684b-db88-4b73-90a9-3cd1661f5466
)";

// ---- URLs and forms --------------------------------------------------------------------------

using Fields = std::vector<std::pair<std::string, std::string>>;

inline std::string encode(const Fields& fields) {
  http::Values v;
  for (const auto& [k, value] : fields) v.add(k, value);
  return v.encode();
}

struct Url {
  std::string path;  // without scheme, host, query and fragment
  http::Values query;
  http::Values fragment;
  bool has_fragment = false;
  std::string origin;  // "http://host:port" or empty for a relative URL
};

inline Url parse_url(std::string_view url) {
  Url u;
  if (size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    size_t slash = url.find('/', scheme + 3);
    u.origin = std::string(url.substr(0, slash));
    url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }
  if (size_t hash = url.find('#'); hash != std::string_view::npos) {
    u.fragment = http::parse_query(url.substr(hash + 1)).values;
    u.has_fragment = true;
    url = url.substr(0, hash);
  }
  if (size_t q = url.find('?'); q != std::string_view::npos) {
    u.query = http::parse_query(url.substr(q + 1)).values;
    url = url.substr(0, q);
  }
  u.path = std::string(url);
  return u;
}

inline std::string origin_of(const DexccInstance& dex) {
  return "http://127.0.0.1:" + std::to_string(dex.port());
}

// True when `url` (absolute or a path) is served by `dex`.
inline bool on_instance(const DexccInstance& dex, std::string_view url) {
  return url.starts_with("/") || url.starts_with(origin_of(dex) + "/");
}

inline std::string html_unescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"},  {"&gt;", ">"},   {"&#34;", "\""}, {"&quot;", "\""},
      {"&#39;", "'"}, {"&#x27;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += std::strlen(to)) {
      s.replace(pos, std::strlen(from), to);
    }
  }
  return s;
}

// An HTML form as a browser would submit it: its action (empty = the page's own URL) and inputs.
struct Form {
  std::string action;
  Fields fields;
  std::string get(std::string_view name) const {
    for (const auto& [k, v] : fields) {
      if (k == name) return v;
    }
    return {};
  }
};

inline std::string attribute(const std::string& tag, const std::string& name) {
  std::smatch m;
  if (std::regex_search(tag, m, std::regex("\\s" + name + "=\"([^\"]*)\""))) return html_unescape(m[1]);
  return {};
}

inline std::vector<Form> forms(const std::string& html) {
  std::vector<Form> out;
  static const std::regex kForm("<form([^>]*)>([\\s\\S]*?)</form>");
  static const std::regex kInput("<input[^>]*>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kForm); it != std::sregex_iterator(); ++it) {
    Form f;
    f.action = attribute((*it)[1].str(), "action");
    std::string body = (*it)[2].str();
    for (auto in = std::sregex_iterator(body.begin(), body.end(), kInput); in != std::sregex_iterator();
         ++in) {
      std::string tag = in->str();
      std::string name = attribute(tag, "name");
      if (!name.empty()) f.fields.emplace_back(name, attribute(tag, "value"));
    }
    out.push_back(std::move(f));
  }
  return out;
}

// The href of every link on the page, unescaped.
inline std::vector<std::string> links(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex kLink("<a\\s[^>]*href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kLink); it != std::sregex_iterator(); ++it) {
    out.push_back(html_unescape((*it)[1].str()));
  }
  return out;
}

// The text of the error box on an error page (or a form's error line).
inline std::string error_text(const std::string& html) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("class=\"dex-error-box\"[^>]*>([^<]*)<")))
    return html_unescape(m[1]);
  return {};
}

// ---- requests --------------------------------------------------------------------------------

// One request to the instance; `url` is absolute (on the instance) or a path. Status 0 when the
// server did not answer.
inline HttpResult fetch(const DexccInstance& dex, std::string_view method, std::string_view url,
                        std::string_view body = {}, std::string headers = {}) {
  std::string target(url);
  if (target.starts_with(origin_of(dex))) target.erase(0, origin_of(dex).size());
  if (method == "POST" && headers.find("Content-Type:") == std::string::npos) {
    headers += "Content-Type: application/x-www-form-urlencoded\r\n";
  }
  auto r = http_request(dex.port(), method, target, body, headers);
  return r ? std::move(*r) : HttpResult{};
}

inline bool is_redirect(const HttpResult& r) {
  return r.status == 302 || r.status == 303;
}
inline std::string location(const HttpResult& r) {
  return r.header("location");
}

// HTML pages carry the anti-framing headers.
inline void expect_html_page(const HttpResult& r) {
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
}

// The authorization request parameters of a test client.
struct AuthParams {
  std::string client_id = "app";
  std::string redirect_uri = "http://127.0.0.1:5555/callback";
  std::string response_type = "code";
  std::string scope = "openid";
  std::string state = "st-1";
  Fields extra;
};

inline std::string auth_query(const AuthParams& p) {
  Fields f{{"client_id", p.client_id},
           {"redirect_uri", p.redirect_uri},
           {"response_type", p.response_type},
           {"scope", p.scope},
           {"state", p.state}};
  f.insert(f.end(), p.extra.begin(), p.extra.end());
  return encode(f);
}

// Submits the approval page's form whose `approval` field is `decision` ("approve" or "rejected").
inline HttpResult decide(const DexccInstance& dex, const std::string& approval_url,
                         const std::string& decision) {
  HttpResult page = fetch(dex, "GET", approval_url);
  if (page.status != 200) return page;
  for (const Form& f : forms(page.body)) {
    if (f.get("approval") != decision) continue;
    return fetch(dex, "POST", f.action.empty() ? approval_url : f.action, encode(f.fields));
  }
  ADD_FAILURE() << "no " << decision << " form on the approval page:\n" << page.body;
  return HttpResult{};
}

// Follows redirects that stay on the instance, approving the consent page on the way (refusing it
// with decision "rejected", stopping at its redirect with ""), until an answer that is not such a
// redirect: a page, or a redirect that leaves for the client.
inline HttpResult follow(const DexccInstance& dex, HttpResult r, const std::string& decision = "approve") {
  for (int hop = 0; hop < 12 && is_redirect(r) && on_instance(dex, location(r)); ++hop) {
    std::string next = location(r);
    if (parse_url(next).path == dex.path("/approval")) {
      if (decision.empty()) return r;
      r = decide(dex, next, decision);
    } else {
      r = fetch(dex, "GET", next);
    }
  }
  return r;
}

// The browser flow through one connector, from /auth/{connector} to the answer that leaves dexcc.
inline HttpResult login(const DexccInstance& dex, const AuthParams& p,
                        const std::string& connector = "mock") {
  return follow(dex, fetch(dex, "GET", dex.path("/auth/" + connector) + "?" + auth_query(p)));
}

// The code in a redirect to the client (empty when there is none).
inline std::string code_of(const HttpResult& r) {
  return std::string(parse_url(location(r)).query.get("code"));
}

// ---- token endpoint --------------------------------------------------------------------------

struct TokenReply {
  HttpResult http;
  nlohmann::json json;
  int status() const { return http.status; }
  std::string str(const char* key) const {
    return json.is_object() && json.contains(key) && json[key].is_string() ? json[key].get<std::string>()
                                                                           : "";
  }
  std::string error() const { return str("error"); }
};

struct Basic {
  std::string id, secret;
};

// "Authorization: Basic" with the credentials form-encoded first, as RFC 6749 §2.3.1 asks.
inline std::string basic_header(const Basic& b) {
  return "Authorization: Basic " +
         base::base64_encode(http::query_escape(b.id) + ":" + http::query_escape(b.secret)) + "\r\n";
}

inline TokenReply post_json(const DexccInstance& dex, const std::string& route, const Fields& body,
                            const std::optional<Basic>& basic = std::nullopt) {
  TokenReply t;
  t.http = fetch(dex, "POST", dex.path(route), encode(body), basic ? basic_header(*basic) : "");
  t.json = nlohmann::json::parse(t.http.body, nullptr, false);
  return t;
}

inline TokenReply token(const DexccInstance& dex, const Fields& body,
                        const std::optional<Basic>& basic = std::nullopt) {
  return post_json(dex, "/token", body, basic);
}

// Redeems an authorization code for `client` (authenticated with HTTP Basic).
inline TokenReply redeem(const DexccInstance& dex, const std::string& code, const Basic& client,
                         const std::string& redirect_uri = "http://127.0.0.1:5555/callback",
                         const Fields& extra = {}) {
  Fields body{{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect_uri}};
  body.insert(body.end(), extra.begin(), extra.end());
  return token(dex, body, client);
}

// The claims of a JWT (unverified; dexcc's signatures are checked by its own endpoints and jose tests).
inline nlohmann::json claims_of(std::string_view jwt) {
  size_t a = jwt.find('.'), b = jwt.rfind('.');
  if (a == std::string_view::npos || a == b) return nullptr;
  auto payload = base::base64url_decode(jwt.substr(a + 1, b - a - 1));
  return payload ? nlohmann::json::parse(*payload, nullptr, false) : nlohmann::json();
}

inline std::string pkce_s256(std::string_view verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return base::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

inline TokenReply introspect(const DexccInstance& dex, const std::string& token_value) {
  return post_json(dex, "/token/introspect", {{"token", token_value}});
}

inline TokenReply refresh(const DexccInstance& dex, const std::string& refresh_token, const Basic& client,
                          const std::string& scope = {}) {
  Fields body{{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}};
  if (!scope.empty()) body.emplace_back("scope", scope);
  return token(dex, body, client);
}

// Logs in through the mock connector and returns the code sent to the client (empty on failure).
inline std::string login_code(const DexccInstance& dex, const AuthParams& p) {
  HttpResult r = login(dex, p);
  std::string code = code_of(r);
  EXPECT_FALSE(code.empty()) << r.status << " " << location(r) << "\n" << r.body;
  return code;
}

// The whole code flow for `p`, redeemed by `client` at p.redirect_uri.
inline TokenReply login_tokens(const DexccInstance& dex, const AuthParams& p, const Basic& client) {
  return redeem(dex, login_code(dex, p), client, p.redirect_uri);
}

inline std::string bearer(std::string_view access_token) {
  return "Authorization: Bearer " + std::string(access_token) + "\r\n";
}

inline HttpResult userinfo(const DexccInstance& dex, std::string_view access_token) {
  return fetch(dex, "GET", dex.path("/userinfo"), {}, bearer(access_token));
}

// Token endpoint answers, success or error, must never be cached (RFC 6749 §5.1).
inline void expect_no_store(const HttpResult& r) {
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_EQ(r.header("pragma"), "no-cache");
}

// An OAuth2 error answer with exactly this status, code and description (none when empty).
inline void expect_oauth_error(const TokenReply& t, int status, const std::string& error,
                               const std::string& description = {}) {
  EXPECT_EQ(t.status(), status) << t.http.body;
  EXPECT_EQ(t.error(), error) << t.http.body;
  EXPECT_EQ(t.str("error_description"), description) << t.http.body;
  EXPECT_TRUE(t.str("access_token").empty());
}

// dex's `sub`: base64url of the protobuf {1: user_id, 2: connector_id}, empty fields left out
// (reference dex-server.md §5.4). Both are short here, so every length is one varint byte.
inline std::string subject(const std::string& user_id, const std::string& connector_id) {
  std::string proto;
  for (const auto& [tag, value] : {std::pair<char, const std::string&>{'\x0a', user_id}, {'\x12', connector_id}}) {
    if (value.empty()) continue;
    proto += tag;
    proto += static_cast<char>(value.size());
    proto += value;
  }
  return base::base64url_encode(proto);
}

// Seconds since construction, to decide whether a timed window can still be open: assertions that
// need "within N seconds" are only made when the measured upper bound says so.
class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace dexcc::testing::flow
