// The browser authorization flow driven by calling its handlers: every path of reference
// dex-server.md §2, including the error paths.
#include <gtest/gtest.h>

#include "fakes.h"
#include "http/form.h"
#include "oauth2/pkce.h"
#include "server/auth/redirect.h"

namespace dexcc::server::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kRedirect[] = "https://app.example/cb";
// Registered, so allowed at /auth, but Go's url.Parse refuses it (a malformed escape).
constexpr char kUnparseableRedirect[] = "https://app.example/c%zz";

class AuthFlowTest : public ::testing::Test {
 protected:
  void SetUp() override { build({}); }

  void build(std::vector<storage::Connector> connectors, auth::FlowOptions options = default_options()) {
    auto inner = storage::memory::open();
    raw_ = inner.get();
    ASSERT_TRUE(inner->create_password(storage::Password{.email = "jane@example.com",
                                                         .hash = base::bcrypt_hash("secret", 10),
                                                         .username = "jane",
                                                         .user_id = "u-jane",
                                                         .groups = {"admins"}}));
    auto s = storage::with_static_clients(
        std::move(inner),
        {storage::Client{.id = "app", .secret = "s", .redirect_uris = {kRedirect, "urn:ietf:wg:oauth:2.0:oob"}, .name = "The App"},
         storage::Client{.id = "public", .is_public = true, .name = "CLI"},
         storage::Client{.id = "peer", .secret = "p", .redirect_uris = {kRedirect}, .trusted_peers = {"app"}, .name = "Peer"},
         storage::Client{.id = "odd", .secret = "o", .redirect_uris = {kUnparseableRedirect}}});
    if (connectors.empty()) {
      connectors = {storage::Connector{.id = "mock", .type = "mockCallback", .name = "Mock"},
                    storage::Connector{.id = "local", .type = "local", .name = "Email"}};
    }
    s = storage::with_static_connectors(std::move(s), connectors);
    store_ = std::move(s);
    manager_ = std::make_unique<connector::Manager>(connector::Registry::builtin(), *store_,
                                                    connector::OpenContext{.clock = &clock_, .passwords = store_.get()});
    ASSERT_TRUE(manager_->open_all(true));
    storage::Storage& st = *store_;
    flow_ = std::make_unique<auth::AuthFlow>(issuer_, options, auth::FlowStores{st, st, st, st, st}, *manager_, pages_,
                                             minter_, clock_);
  }

  static auth::FlowOptions default_options() {
    auth::FlowOptions o;
    o.rules.response_types = {"code", "token", "id_token"};
    o.rules.pkce_methods = {"S256", "plain"};
    return o;
  }

  http::Request get(const std::string& path, const std::string& query, std::vector<std::pair<std::string, std::string>> params = {}) {
    http::Request r;
    r.method = "GET";
    r.path = path;
    r.query = query;
    r.target = path + (query.empty() ? "" : "?" + query);
    r.params = std::move(params);
    return r;
  }
  http::Request post(const std::string& path, const std::string& query, const std::string& body,
                     std::vector<std::pair<std::string, std::string>> params = {}) {
    http::Request r = get(path, query, std::move(params));
    r.method = "POST";
    r.body = body;
    r.headers.set("Content-Type", "application/x-www-form-urlencoded");
    return r;
  }

  static std::string auth_query(std::string extra = "") {
    return "client_id=app&redirect_uri=" + http::query_escape(kRedirect) +
           "&response_type=code&scope=openid+email+groups&state=xyz" + extra;
  }

  // GET /auth/{connector} and return the response.
  http::Response start(const std::string& connector, const std::string& query) {
    return flow_->handle_connector_login(get("/dex/auth/" + connector, query, {{"connector", connector}}));
  }

  static http::Values location_query(const http::Response& r) {
    std::string loc(r.headers.get("Location"));
    size_t q = loc.find('?');
    size_t h = loc.find('#');
    return http::parse_query(loc.substr(q + 1, h == std::string::npos ? std::string::npos : h - q - 1)).values;
  }
  static http::Values location_fragment(const http::Response& r) {
    std::string loc(r.headers.get("Location"));
    return http::parse_query(loc.substr(loc.find('#') + 1)).values;
  }

  // Runs the mock connector's login through the callback; returns the callback's response.
  http::Response login_with_mock(const std::string& query) {
    http::Response r = start("mock", query);
    EXPECT_EQ(r.status, 302) << r.body;
    std::string state(location_query(r).get("state"));
    return flow_->handle_callback(get("/dex/callback", "state=" + state));
  }

  // From the approval redirect, POST approve; returns the final response.
  http::Response approve(const http::Response& to_approval, const std::string& decision = "approve") {
    http::Values q = location_query(to_approval);
    return flow_->handle_approval(post("/dex/approval", "req=" + std::string(q.get("req")) + "&hmac=" +
                                                            std::string(q.get("hmac")),
                                       "approval=" + decision));
  }

  base::FakeClock clock_{base::Time(std::chrono::seconds(1700000000))};
  Issuer issuer_ = *Issuer::parse("https://dex.example/dex");
  FakePages pages_;
  FakeMinter minter_{clock_};
  storage::Storage* raw_ = nullptr;
  std::unique_ptr<storage::Storage> store_;
  std::unique_ptr<connector::Manager> manager_;
  std::unique_ptr<auth::AuthFlow> flow_;
};

TEST_F(AuthFlowTest, ConnectorListLinksToEachConnectorWithTheRequest) {
  auto r = flow_->handle_auth(get("/dex/auth", auth_query()));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body,
            "login|local=/dex/auth/local?client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type="
            "code&scope=openid+email+groups&state=xyz|mock=/dex/auth/mock?client_id=app&redirect_uri=https%3A%2F%"
            "2Fapp.example%2Fcb&response_type=code&scope=openid+email+groups&state=xyz");
}

TEST_F(AuthFlowTest, ConnectorIdSkipsTheList) {
  auto r = flow_->handle_auth(get("/dex/auth", auth_query("&connector_id=mock")));
  EXPECT_EQ(r.status, 302);
  EXPECT_TRUE(std::string(r.headers.get("Location")).starts_with("/dex/auth/mock?client_id=app"));
  EXPECT_EQ(std::string(r.headers.get("Location")).find("connector_id"), std::string::npos);
  auto unknown = flow_->handle_auth(get("/dex/auth", auth_query("&connector_id=nope")));
  EXPECT_EQ(unknown.status, 303);
  EXPECT_EQ(location_query(unknown).get("error"), "invalid_request");
  EXPECT_EQ(location_query(unknown).get("error_description"), "Invalid ConnectorID");
}

TEST_F(AuthFlowTest, SingleConnectorRedirectsStraightToIt) {
  build({storage::Connector{.id = "mock", .type = "mockCallback", .name = "Mock"}});
  auto r = flow_->handle_auth(get("/dex/auth", auth_query()));
  EXPECT_EQ(r.status, 302);
  EXPECT_TRUE(std::string(r.headers.get("Location")).starts_with("/dex/auth/mock?"));
  auto options = default_options();
  options.always_show_login_screen = true;
  build({storage::Connector{.id = "mock", .type = "mockCallback", .name = "Mock"}}, options);
  EXPECT_EQ(flow_->handle_auth(get("/dex/auth", auth_query())).status, 200);
}

TEST_F(AuthFlowTest, UntrustedClientOrRedirectGetsAPageNeverARedirect) {
  auto unknown = flow_->handle_auth(get("/dex/auth", "client_id=evil&redirect_uri=https%3A%2F%2Fevil%2F&response_type=code&scope=openid"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "error|Invalid client_id.");
  EXPECT_FALSE(unknown.headers.has("Location"));
  auto foreign = start("mock", "client_id=app&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&response_type=code&scope=openid");
  EXPECT_EQ(foreign.status, 400);
  EXPECT_EQ(foreign.body, "error|Unregistered redirect_uri.");
  auto bad_form = flow_->handle_auth(get("/dex/auth", "client_id=app;x=1"));
  EXPECT_EQ(bad_form.status, 400);
  EXPECT_EQ(bad_form.body, "error|Failed to parse request.");
}

// Each browser endpoint answers a request over the parameter limit with its 400 page, including
// those that ignore other parse errors as dex does.
TEST_F(AuthFlowTest, ParameterLimit) {
  const std::string too_many = padding_parameters(http::kMaxParameters);
  const std::string page = std::string("error|") + http::kTooManyParameters;
  const std::string at_limit =
      auth_query() + padding_parameters(http::kMaxParameters - http::parse_query(auth_query()).parameters);
  // Accepted: the connector list.
  EXPECT_TRUE(flow_->handle_auth(get("/dex/auth", at_limit)).body.starts_with("login|"));
  auto over = flow_->handle_auth(get("/dex/auth", auth_query() + too_many));
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(over.body, page);
  EXPECT_EQ(start("mock", auth_query() + too_many).body, page);

  auto params = std::vector<std::pair<std::string, std::string>>{{"connector", "local"}};
  std::string state(location_query(start("local", auth_query())).get("state"));
  EXPECT_EQ(
      flow_->handle_password_login(get("/dex/auth/local/login", "state=" + state + too_many, params)).body,
      page);
  EXPECT_EQ(flow_
                ->handle_password_login(
                    post("/dex/auth/local/login", "state=" + state, "login=a" + too_many, params))
                .body,
            page);
  EXPECT_EQ(flow_->handle_callback(get("/dex/callback", "state=s" + too_many)).body, page);
  EXPECT_EQ(flow_->handle_callback(post("/dex/callback", "", "RelayState=s" + too_many)).body, page);
  EXPECT_EQ(flow_->handle_approval(post("/dex/approval", "req=r&hmac=h", "approval=approve" + too_many)).body,
            page);
}

TEST_F(AuthFlowTest, ProtocolErrorsRedirectWithStateInQuery) {
  struct Case {
    std::string query;
    std::string error, description;
  };
  const std::string base = "client_id=app&redirect_uri=" + http::query_escape(kRedirect) + "&state=s1";
  const Case cases[] = {
      {base + "&response_type=code&scope=email", "invalid_scope", R"(Missing required scope(s) ["openid"].)"},
      {base + "&response_type=code&scope=openid+bogus+x", "invalid_scope", R"(Unrecognized scope(s) ["bogus" "x"])"},
      {base + "&response_type=code&scope=openid+audience:server:client_id:nobody", "invalid_scope",
       R"(Client can't request scope(s) ["audience:server:client_id:nobody"])"},
      {base + "&response_type=codez&scope=openid", "invalid_request", R"(Invalid response type "codez")"},
      {base + "&response_type=&scope=openid", "invalid_request", "No response_type provided"},
      {base + "&response_type=id_token&scope=openid", "invalid_request",
       "Response type 'token' requires a 'nonce' value."},
      {base + "&response_type=code&scope=openid&request=eyJ", "request_not_supported",
       "Server does not support request parameter."},
      {base + "&response_type=code&scope=openid&code_challenge=abc&code_challenge_method=S512", "invalid_request",
       R"(Unsupported PKCE challenge method ("S512").)"},
  };
  for (const auto& c : cases) {
    auto r = start("mock", c.query);
    ASSERT_EQ(r.status, 303) << c.query << " " << r.body;
    std::string loc(r.headers.get("Location"));
    EXPECT_TRUE(loc.starts_with(std::string(kRedirect) + "?")) << loc;
    auto q = location_query(r);
    EXPECT_EQ(q.get("error"), c.error) << c.query;
    EXPECT_EQ(q.get("error_description"), c.description) << c.query;
    EXPECT_EQ(q.get("state"), "s1");
  }
}

TEST_F(AuthFlowTest, TrustedPeerAudienceIsAccepted) {
  auto r = start("mock", "client_id=app&redirect_uri=" + http::query_escape(kRedirect) +
                              "&response_type=code&scope=openid+audience:server:client_id:peer+audience:server:client_id:app");
  EXPECT_EQ(r.status, 302) << r.body;
}

TEST_F(AuthFlowTest, CodeFlowThroughMockCallbackAndApproval) {
  auto to_approval = login_with_mock(auth_query("&nonce=n1&code_challenge=" +
                                                oauth2::pkce_challenge("verifier-123", "S256") +
                                                "&code_challenge_method=S256"));
  ASSERT_EQ(to_approval.status, 303) << to_approval.body;
  std::string loc(to_approval.headers.get("Location"));
  ASSERT_TRUE(loc.starts_with("/dex/approval?req=")) << loc;

  // The approval page shows who and for which client.
  http::Values q = location_query(to_approval);
  auto page = flow_->handle_approval(get("/dex/approval", loc.substr(loc.find('?') + 1)));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "approval|Kilgore Trout|The App|" + std::string(q.get("req")));

  auto done = approve(to_approval);
  ASSERT_EQ(done.status, 303) << done.body;
  std::string final_loc(done.headers.get("Location"));
  ASSERT_TRUE(final_loc.starts_with(std::string(kRedirect) + "?code=")) << final_loc;
  auto fq = location_query(done);
  EXPECT_EQ(fq.get("state"), "xyz");
  auto code = store_->get_auth_code(fq.get("code"));
  ASSERT_TRUE(code);
  EXPECT_EQ(code->client_id, "app");
  EXPECT_EQ(code->redirect_uri, kRedirect);
  EXPECT_EQ(code->nonce, "n1");
  EXPECT_EQ(code->claims.user_id, "0-385-28089-0");
  EXPECT_EQ(code->connector_id, "mock");
  EXPECT_EQ(code->connector_data, "foobar");
  EXPECT_EQ(code->pkce.code_challenge_method, "S256");
  EXPECT_EQ(code->expiry, clock_.now() + 30min);
  // The auth request is single use.
  EXPECT_EQ(approve(to_approval).status, 400);
}

TEST_F(AuthFlowTest, ApprovalRejectsTamperingAndRefusalGoesBackToTheClient) {
  auto to_approval = login_with_mock(auth_query());
  http::Values q = location_query(to_approval);
  std::string req_id(q.get("req"));
  auto tampered = flow_->handle_approval(get("/dex/approval", "req=" + req_id + "&hmac=" + std::string(43, 'A')));
  EXPECT_EQ(tampered.status, 401);
  EXPECT_EQ(flow_->handle_approval(get("/dex/approval", "req=" + req_id)).status, 401);
  EXPECT_EQ(flow_->handle_approval(get("/dex/approval", "req=" + req_id + "&hmac=%%%")).status, 401);
  EXPECT_EQ(flow_->handle_approval(get("/dex/approval", "req=unknown&hmac=AAAA")).status, 400);

  auto denied = approve(to_approval, "rejected");
  ASSERT_EQ(denied.status, 303);
  auto dq = location_query(denied);
  EXPECT_EQ(dq.get("error"), "access_denied");
  EXPECT_EQ(dq.get("state"), "xyz");
  EXPECT_FALSE(store_->get_auth_request(req_id));
}

TEST_F(AuthFlowTest, ApprovalBeforeLoginIsRefused) {
  auto r = start("mock", auth_query());
  std::string id(location_query(r).get("state"));
  auto ar = store_->get_auth_request(id);
  ASSERT_TRUE(ar);
  auto early = flow_->handle_approval(get("/dex/approval", "req=" + id + "&hmac=" + auth::approval_mac(ar->hmac_key, id)));
  EXPECT_EQ(early.status, 400);
  EXPECT_EQ(early.body, "error|Login process not yet finalized.");
}

TEST_F(AuthFlowTest, PasswordLoginWrongThenRight) {
  auto r = start("local", auth_query());
  ASSERT_EQ(r.status, 302) << r.body;
  std::string loc(r.headers.get("Location"));
  ASSERT_TRUE(loc.starts_with("/dex/auth/local/login?back=")) << loc;
  std::string query = loc.substr(loc.find('?') + 1);
  auto form = flow_->handle_password_login(get("/dex/auth/local/login", query, {{"connector", "local"}}));
  EXPECT_EQ(form.status, 200);
  EXPECT_EQ(form.body, "password|/dex/auth/local/login?" + query + "||Email Address|valid|back=" +
                           std::string(location_query(r).get("back")));

  auto wrong = flow_->handle_password_login(
      post("/dex/auth/local/login", query, "login=jane%40example.com&password=nope", {{"connector", "local"}}));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("|jane@example.com|Email Address|invalid|"), std::string::npos) << wrong.body;

  auto right = flow_->handle_password_login(
      post("/dex/auth/local/login", query, "login=jane%40example.com&password=secret", {{"connector", "local"}}));
  ASSERT_EQ(right.status, 303) << right.body;
  auto done = approve(right);
  ASSERT_EQ(done.status, 303);
  auto code = store_->get_auth_code(location_query(done).get("code"));
  ASSERT_TRUE(code);
  EXPECT_EQ(code->claims.user_id, "u-jane");
  EXPECT_EQ(code->claims.groups, std::vector<std::string>{"admins"});
}

TEST_F(AuthFlowTest, PasswordFormRejectsForeignBackLinksAndWrongConnector) {
  auto r = start("local", auth_query());
  std::string id(location_query(r).get("state"));
  auto form = flow_->handle_password_login(
      get("/dex/auth/local/login", "back=https%3A%2F%2Fevil.example%2F&state=" + id, {{"connector", "local"}}));
  EXPECT_TRUE(form.body.ends_with("|back=")) << form.body;  // the foreign link is dropped
  EXPECT_EQ(flow_->handle_password_login(get("/dex/auth/mock/login", "state=" + id, {{"connector", "mock"}})).status, 400);
  EXPECT_EQ(flow_->handle_password_login(get("/dex/auth/local/login", "", {{"connector", "local"}})).body,
            "error|User session error.");
}

TEST_F(AuthFlowTest, PasswordFormKeepsOnlySameSiteBackLinks) {
  auto r = start("local", auth_query());
  std::string id(location_query(r).get("state"));
  const std::pair<std::string, bool> cases[] = {
      {"/dex/auth?client_id=app&state=x", true},
      {"/", true},
      {"https://evil.example/", false},
      {"//evil.example/", false},
      {"/\\evil.example/", false},
      {"javascript:alert(1)", false},
      {"dex/auth", false},
      {"/dex/%zz", false},       // Go's url.Parse refuses it, so newer dex drops it
      {"/dex/auth\tx", false},   // control bytes
      {"/dex/auth#\nx", false},  // even in the fragment, where Go lets them through
      {"", false},
  };
  for (const auto& [back, kept] : cases) {
    auto form = flow_->handle_password_login(get("/dex/auth/local/login",
                                                 "back=" + http::query_escape(back) + "&state=" + id,
                                                 {{"connector", "local"}}));
    EXPECT_TRUE(form.body.ends_with("|back=" + (kept ? back : ""))) << back << " -> " << form.body;
  }
}

TEST_F(AuthFlowTest, PublicClientTrickyLoopbackUrisGetAPageNeverARedirect) {
  // Browsers read '\' as '/', so this goes to evil.example; Go refuses it as invalid userinfo.
  const std::string evil = http::query_escape("http://evil.example\\@127.0.0.1/cb");
  const std::string queries[] = {
      "client_id=public&redirect_uri=" + evil + "&response_type=code&scope=openid&state=s",
      "client_id=public&redirect_uri=" + evil + "&response_type=token+id_token&scope=openid&nonce=n&state=s",
      "client_id=public&redirect_uri=" + evil + "&response_type=id_token&scope=openid&nonce=n",
      // error paths that would otherwise redirect to the client
      "client_id=public&redirect_uri=" + evil + "&response_type=code&scope=bogus&state=s",
      "client_id=public&redirect_uri=" + evil + "&response_type=nope&scope=openid&state=s",
      "client_id=public&redirect_uri=" + http::query_escape("http://evil@127.0.0.1/cb") +
          "&response_type=code&scope=openid",
  };
  for (const auto& q : queries) {
    for (const auto& r : {flow_->handle_auth(get("/dex/auth", q)), start("mock", q)}) {
      EXPECT_EQ(r.status, 400) << q;
      EXPECT_EQ(r.body, "error|Unregistered redirect_uri.") << q;
      EXPECT_FALSE(r.headers.has("Location")) << q;
    }
  }
}

TEST_F(AuthFlowTest, RegisteredUriGoCannotParseGetsNoRedirect) {
  const std::string query = "client_id=odd&redirect_uri=" + http::query_escape(kUnparseableRedirect) +
                            "&response_type=code&scope=openid&state=s";
  for (const char* decision : {"approve", "deny"}) {
    auto done = approve(login_with_mock(query), decision);
    EXPECT_EQ(done.status, 500) << decision;
    EXPECT_EQ(done.body, "error|Invalid redirect URI.") << decision;
    EXPECT_FALSE(done.headers.has("Location")) << decision;
  }
}

TEST_F(AuthFlowTest, ExpiredRequestsAreRefused) {
  auto r = start("mock", auth_query());
  std::string state(location_query(r).get("state"));
  clock_.advance(25h);
  auto cb = flow_->handle_callback(get("/dex/callback", "state=" + state));
  EXPECT_EQ(cb.status, 400);
  EXPECT_EQ(cb.body, "error|User session has expired.");
}

TEST_F(AuthFlowTest, CallbackErrors) {
  EXPECT_EQ(flow_->handle_callback(get("/dex/callback", "")).body, "error|User session error.");
  EXPECT_EQ(flow_->handle_callback(get("/dex/callback", "state=nope")).status, 400);
  auto r = start("mock", auth_query());
  std::string state(location_query(r).get("state"));
  EXPECT_EQ(flow_->handle_callback(get("/dex/callback/local", "state=" + state, {{"connector", "local"}})).status, 400);
  http::Request put = get("/dex/callback", "state=" + state);
  put.method = "PUT";
  EXPECT_EQ(flow_->handle_callback(put).body, "error|Method not supported");
  // A callback connector answered with POST (the SAML binding) is refused.
  EXPECT_EQ(flow_->handle_callback(post("/dex/callback", "", "RelayState=" + state)).body, "error|Invalid request");
}

TEST_F(AuthFlowTest, SkipApprovalAnswersRightAfterLogin) {
  auto options = default_options();
  options.skip_approval_screen = true;
  build({}, options);
  auto r = login_with_mock(auth_query());
  ASSERT_EQ(r.status, 303);
  EXPECT_TRUE(std::string(r.headers.get("Location")).starts_with(std::string(kRedirect) + "?code="));
  // approval_prompt=force still asks.
  auto forced = login_with_mock(auth_query("&approval_prompt=force"));
  EXPECT_TRUE(std::string(forced.headers.get("Location")).starts_with("/dex/approval?"));
}

TEST_F(AuthFlowTest, OutOfBandCodeIsShownOnAPage) {
  auto r = login_with_mock("client_id=app&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&response_type=code&scope=openid");
  auto done = approve(r);
  EXPECT_EQ(done.status, 200);
  ASSERT_TRUE(done.body.starts_with("oob|"));
  EXPECT_TRUE(store_->get_auth_code(done.body.substr(4)));
}

TEST_F(AuthFlowTest, ImplicitAndHybridUseTheFragment) {
  auto implicit = approve(login_with_mock("client_id=app&redirect_uri=" + http::query_escape(kRedirect) +
                                          "&response_type=token+id_token&scope=openid&nonce=n&state=st"));
  ASSERT_EQ(implicit.status, 303);
  std::string loc(implicit.headers.get("Location"));
  ASSERT_NE(loc.find('#'), std::string::npos);
  EXPECT_EQ(loc.find('?'), std::string::npos);
  auto f = location_fragment(implicit);
  EXPECT_EQ(f.get("access_token"), "access.app");
  EXPECT_EQ(f.get("token_type"), "bearer");
  EXPECT_EQ(f.get("state"), "st");
  EXPECT_EQ(f.get("expires_in"), "86400");
  EXPECT_EQ(f.get("id_token"), "idtoken.app.0-385-28089-0.at=access.app.c=");

  auto hybrid = approve(login_with_mock("client_id=app&redirect_uri=" + http::query_escape(kRedirect) +
                                        "&response_type=id_token+code&scope=openid&nonce=n&state=st"));
  auto h = location_fragment(hybrid);
  std::string code(h.get("code"));
  EXPECT_FALSE(code.empty());
  EXPECT_FALSE(h.has("access_token"));
  EXPECT_FALSE(h.has("expires_in"));
  // c_hash is covered regardless of the order the client listed the types in.
  EXPECT_EQ(h.get("id_token"), "idtoken.app.0-385-28089-0.at=.c=" + code);
}

TEST_F(AuthFlowTest, OfflineAccessCreatesTheOfflineSession) {
  auto r = approve(login_with_mock("client_id=app&redirect_uri=" + http::query_escape(kRedirect) +
                                   "&response_type=code&scope=openid+offline_access"));
  ASSERT_EQ(r.status, 303);
  auto session = store_->get_offline_sessions("0-385-28089-0", "mock");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->connector_data, "foobar");
}

TEST_F(AuthFlowTest, PublicClientLoopbackAndDeviceCallback) {
  auto loopback = start("mock", "client_id=public&redirect_uri=http%3A%2F%2F127.0.0.1%3A8000%2Fcb&response_type=code&scope=openid");
  EXPECT_EQ(loopback.status, 302) << loopback.body;
  auto r = start("mock", "client_id=public&redirect_uri=%2Fdevice%2Fcallback&response_type=code&scope=openid");
  ASSERT_EQ(r.status, 302);
  auto ar = store_->get_auth_request(location_query(r).get("state"));
  ASSERT_TRUE(ar);
  EXPECT_EQ(ar->redirect_uri, "/dex/device/callback");
}

}  // namespace
}  // namespace dexcc::server::testing
