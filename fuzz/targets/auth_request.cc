// Fuzz target: the authorization and token endpoints' request handling with hostile queries and
// bodies, driven through the real handlers on memory storage.
#include <cstdint>
#include <memory>
#include <string>

#include "base/bcrypt.h"
#include "base/log.h"
#include "connector/manager.h"
#include "server/auth/flow.h"
#include "server/grants/authorization_code.h"
#include "server/grants/endpoint.h"
#include "server/grants/password.h"
#include "server/grants/refresh.h"
#include "storage/memory/memory.h"
#include "storage/static.h"

namespace {

using namespace dexcc;

class NullPages : public server::auth::Pages {
 public:
  http::Response login(const http::Request&, const std::vector<server::auth::ConnectorChoice>&) const override { return {}; }
  http::Response password(const http::Request&, const server::auth::PasswordForm&, int s) const override { return http::Response::empty(s); }
  http::Response approval(const http::Request&, const server::auth::ApprovalForm&) const override { return {}; }
  http::Response oob(const http::Request&, const std::string&) const override { return {}; }
  http::Response error(const http::Request&, int s, const std::string&) const override { return http::Response::empty(s); }
  http::Response device(const http::Request&, const server::auth::DeviceForm&, int s) const override { return http::Response::empty(s); }
  http::Response device_success(const http::Request&, const std::string&) const override { return {}; }
  http::Response auto_post(const http::Request&, const std::string&, const std::vector<std::pair<std::string, std::string>>&) const override { return {}; }
};

class NullMinter : public server::tokens::TokenMinter {
 public:
  oauth2::Result<server::tokens::Minted> id_token(const server::tokens::TokenSubject&, std::string_view, std::string_view) const override {
    return server::tokens::Minted{"t", base::Time{}};
  }
  oauth2::Result<server::tokens::Minted> access_token(const server::tokens::TokenSubject&) const override {
    return server::tokens::Minted{"a", base::Time{}};
  }
};

struct World {
  World() {
    log::configure(log::kError, log::Format::kText);  // hostile input is expected here, not news
    auto s = storage::with_static_clients(storage::memory::open(),
                                          {storage::Client{.id = "app", .secret = "s", .redirect_uris = {"https://a/cb"}, .name = "A"},
                                           storage::Client{.id = "pub", .is_public = true, .name = "P"}});
    store = storage::with_static_connectors(std::move(s), {storage::Connector{.id = "mock", .type = "mockCallback", .name = "M"}});
    manager = std::make_unique<connector::Manager>(connector::Registry::builtin(), *store, connector::OpenContext{.clock = &clock});
    (void)manager->open_all(true);
    server::auth::FlowOptions o;
    o.rules.response_types = {"code", "token", "id_token"};
    o.rules.pkce_methods = {"S256", "plain"};
    storage::Storage& st = *store;
    flow = std::make_unique<server::auth::AuthFlow>(issuer, o, server::auth::FlowStores{st, st, st, st, st}, *manager,
                                                    pages, minter, clock);
    login = std::make_unique<server::grants::LoginTokens>(server::grants::LoginTokens{minter, clock, *manager, *store, *store});
    std::vector<std::unique_ptr<server::grants::Grant>> grants;
    grants.push_back(std::make_unique<server::grants::AuthorizationCodeGrant>(*store, *login));
    grants.push_back(std::make_unique<server::grants::RefreshGrant>(
        server::grants::RefreshDeps{*store, *store, *manager, minter, clock, {}}));
    endpoint = std::make_unique<server::grants::TokenEndpoint>(*store, std::move(grants));
  }
  base::SystemClock clock;
  server::Issuer issuer = *server::Issuer::parse("https://dex.example/dex");
  NullPages pages;
  NullMinter minter;
  std::unique_ptr<storage::Storage> store;
  std::unique_ptr<connector::Manager> manager;
  std::unique_ptr<server::auth::AuthFlow> flow;
  std::unique_ptr<server::grants::LoginTokens> login;
  std::unique_ptr<server::grants::TokenEndpoint> endpoint;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  std::string in(reinterpret_cast<const char*>(data), size);
  http::Request r;
  r.method = size % 2 ? "GET" : "POST";
  r.query = in;
  r.body = in;
  r.target = "/dex/auth?" + in;
  r.headers.set("Content-Type", "application/x-www-form-urlencoded");
  r.headers.set("Authorization", "Basic " + in.substr(0, 64));
  r.params = {{"connector", in.substr(0, 16)}};
  (void)world.flow->handle_auth(r);
  (void)world.flow->handle_connector_login(r);
  (void)world.flow->handle_password_login(r);
  (void)world.flow->handle_callback(r);
  (void)world.flow->handle_approval(r);
  (void)world.endpoint->handle(r);
  return 0;
}
