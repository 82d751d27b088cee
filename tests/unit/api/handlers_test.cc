// dex's API semantics on the memory backend with static entries layered over it: generated IDs and
// secrets, response flags versus errors, the connector flag, refresh revocation, read-only statics.
#include "api/handlers.h"

#include <gtest/gtest.h>

#include "base/bcrypt.h"
#include "oauth2/subject.h"
#include "storage/memory/memory.h"
#include "storage/static.h"

namespace dexcc::api {
namespace {

constexpr char kHash10[] = "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W";  // "password"

class HandlersTest : public ::testing::Test {
 protected:
  void SetUp() override { make(false); }

  void make(bool connectors_crud) {
    auto s = storage::memory::open();
    s = storage::with_static_clients(std::move(s),
                                     {storage::Client{.id = "static-app", .secret = "s", .name = "S"}});
    s = storage::with_static_connectors(
        std::move(s),
        {storage::Connector{.id = "mock", .type = "mockCallback", .name = "M", .config = "{}"}});
    store = std::move(s);
    ServiceInfo info{.version = "v-test",
                     .discovery =
                         [] {
                           return std::make_shared<const std::string>(
                               R"({"issuer":"http://i","scopes_supported":["openid"],"extra":1})");
                         },
                     .connectors_crud = connectors_crud};
    handlers = std::make_unique<Handlers>(Stores{*store, *store, *store, *store, *store}, info);
  }

  std::unique_ptr<storage::Storage> store;
  std::unique_ptr<Handlers> handlers;
};

TEST_F(HandlersTest, CreateClientFillsIdAndSecretLikeDex) {
  pb::CreateClientReq req;
  req.mutable_client()->add_redirect_uris("http://127.0.0.1/cb");
  pb::CreateClientResp resp;
  ASSERT_TRUE(handlers->create_client(req, resp));
  EXPECT_FALSE(resp.already_exists());
  EXPECT_EQ(resp.client().id().size(), 25u);
  EXPECT_EQ(resp.client().secret().size(), 50u);
  EXPECT_EQ(store->get_client(resp.client().id())->secret, resp.client().secret());

  pb::CreateClientReq pub;
  pub.mutable_client()->set_id("pub");
  pub.mutable_client()->set_public_(true);
  ASSERT_TRUE(handlers->create_client(pub, resp));
  EXPECT_EQ(resp.client().secret(), "") << "public clients get no generated secret";

  pb::CreateClientResp again;
  ASSERT_TRUE(handlers->create_client(pub, again));
  EXPECT_TRUE(again.already_exists());
  EXPECT_FALSE(again.has_client());

  EXPECT_EQ(handlers->create_client(pb::CreateClientReq{}, resp).error().message, "no client supplied");
}

TEST_F(HandlersTest, GetUpdateDeleteClient) {
  pb::GetClientResp got;
  pb::GetClientReq get;
  get.set_id("missing");
  EXPECT_EQ(handlers->get_client(get, got).error().message, "not found");
  get.set_id("static-app");
  ASSERT_TRUE(handlers->get_client(get, got));
  EXPECT_EQ(got.client().secret(), "s");

  pb::UpdateClientReq up;
  pb::UpdateClientResp up_resp;
  EXPECT_EQ(handlers->update_client(up, up_resp).error().message, "update client: no client ID supplied");
  up.set_id("missing");
  up.set_name("x");
  ASSERT_TRUE(handlers->update_client(up, up_resp));
  EXPECT_TRUE(up_resp.not_found());
  up.set_id("static-app");
  EXPECT_EQ(handlers->update_client(up, up_resp).error().message,
            "update client: static clients: read-only cannot update client");

  ASSERT_TRUE(store->create_client(
      storage::Client{.id = "c", .secret = "z", .redirect_uris = {"http://a"}, .name = "old"}));
  up = {};
  up.set_id("c");
  up.set_logo_url("http://logo");
  up_resp = {};
  ASSERT_TRUE(handlers->update_client(up, up_resp));
  EXPECT_FALSE(up_resp.not_found());
  auto c = store->get_client("c");
  EXPECT_EQ(c->name, "old") << "an empty name keeps the old one";
  EXPECT_EQ(c->redirect_uris, std::vector<std::string>{"http://a"}) << "an empty list keeps the old one";
  EXPECT_EQ(c->logo_url, "http://logo");

  pb::DeleteClientReq del;
  pb::DeleteClientResp del_resp;
  del.set_id("c");
  ASSERT_TRUE(handlers->delete_client(del, del_resp));
  EXPECT_FALSE(del_resp.not_found());
  ASSERT_TRUE(handlers->delete_client(del, del_resp));
  EXPECT_TRUE(del_resp.not_found());

  pb::ListClientResp list;
  ASSERT_TRUE(handlers->list_clients({}, list));
  ASSERT_EQ(list.clients_size(), 1);
  EXPECT_EQ(list.clients(0).id(), "static-app");
}

TEST_F(HandlersTest, PasswordsNeedCheckedHashes) {
  pb::CreatePasswordReq req;
  pb::CreatePasswordResp resp;
  EXPECT_EQ(handlers->create_password(req, resp).error().message, "no password supplied");
  req.mutable_password()->set_email("Jane@Example.com");
  EXPECT_EQ(handlers->create_password(req, resp).error().message, "no user ID supplied");
  req.mutable_password()->set_user_id("u1");
  EXPECT_EQ(handlers->create_password(req, resp).error().message, "no hash of password supplied");
  req.mutable_password()->set_hash("$2a$04$" + std::string(53, 'a'));
  EXPECT_EQ(handlers->create_password(req, resp).error().message,
            "given hash cost = 4 does not meet minimum cost requirement = 10");
  req.mutable_password()->set_hash(kHash10);
  ASSERT_TRUE(handlers->create_password(req, resp));
  EXPECT_FALSE(resp.already_exists());
  ASSERT_TRUE(handlers->create_password(req, resp));
  EXPECT_TRUE(resp.already_exists());

  pb::VerifyPasswordReq verify;
  pb::VerifyPasswordResp verified;
  verify.set_email("jane@example.com");
  EXPECT_EQ(handlers->verify_password(verify, verified).error().message, "no password to verify supplied");
  verify.set_password("password");
  ASSERT_TRUE(handlers->verify_password(verify, verified));
  EXPECT_TRUE(verified.verified());
  verify.set_password("wrong");
  ASSERT_TRUE(handlers->verify_password(verify, verified));
  EXPECT_FALSE(verified.verified());
  EXPECT_FALSE(verified.not_found());
  verify.set_email("nobody@example.com");
  ASSERT_TRUE(handlers->verify_password(verify, verified));
  EXPECT_TRUE(verified.not_found());

  pb::UpdatePasswordReq up;
  pb::UpdatePasswordResp up_resp;
  EXPECT_EQ(handlers->update_password(up, up_resp).error().message, "no email supplied");
  up.set_email("jane@example.com");
  EXPECT_EQ(handlers->update_password(up, up_resp).error().message, "nothing to update");
  up.set_new_username("janed");
  ASSERT_TRUE(handlers->update_password(up, up_resp));
  EXPECT_EQ(store->get_password("jane@example.com")->username, "janed");

  pb::ListPasswordResp list;
  ASSERT_TRUE(handlers->list_passwords({}, list));
  ASSERT_EQ(list.passwords_size(), 1);
  EXPECT_EQ(list.passwords(0).hash(), "") << "hashes are never listed";
  EXPECT_EQ(list.passwords(0).user_id(), "u1");

  pb::DeletePasswordReq del;
  pb::DeletePasswordResp del_resp;
  del.set_email("JANE@example.com");
  ASSERT_TRUE(handlers->delete_password(del, del_resp));
  EXPECT_FALSE(del_resp.not_found());
  ASSERT_TRUE(handlers->delete_password(del, del_resp));
  EXPECT_TRUE(del_resp.not_found());
}

TEST_F(HandlersTest, ConnectorMethodsNeedTheFeatureFlag) {
  pb::ListConnectorResp list;
  EXPECT_EQ(handlers->list_connectors({}, list).error().message,
            "api_connectors_crud feature flag is not enabled");
  pb::CreateConnectorResp created;
  EXPECT_EQ(handlers->create_connector({}, created).error().message,
            "api_connectors_crud feature flag is not enabled");
}

TEST_F(HandlersTest, ConnectorCrudBumpsTheResourceVersion) {
  make(true);
  pb::CreateConnectorReq req;
  pb::CreateConnectorResp resp;
  EXPECT_EQ(handlers->create_connector(req, resp).error().message, "no connector supplied");
  auto* c = req.mutable_connector();
  c->set_id("api");
  EXPECT_EQ(handlers->create_connector(req, resp).error().message, "no type supplied");
  c->set_type("mockCallback");
  EXPECT_EQ(handlers->create_connector(req, resp).error().message, "no name supplied");
  c->set_name("From API");
  EXPECT_EQ(handlers->create_connector(req, resp).error().message, "no config supplied");
  c->set_config("{not json");
  EXPECT_EQ(handlers->create_connector(req, resp).error().message, "invalid config supplied");
  c->set_config("{}");
  ASSERT_TRUE(handlers->create_connector(req, resp));
  EXPECT_EQ(store->get_connector("api")->resource_version, "1");
  ASSERT_TRUE(handlers->create_connector(req, resp));
  EXPECT_TRUE(resp.already_exists());

  pb::UpdateConnectorReq up;
  pb::UpdateConnectorResp up_resp;
  EXPECT_EQ(handlers->update_connector(up, up_resp).error().message, "no email supplied");
  up.set_id("api");
  EXPECT_EQ(handlers->update_connector(up, up_resp).error().message, "nothing to update");
  up.set_new_name("Renamed");
  EXPECT_EQ(handlers->update_connector(up, up_resp).error().message, "invalid config supplied");
  up.set_new_config(R"({"a":1})");
  ASSERT_TRUE(handlers->update_connector(up, up_resp));
  auto stored = store->get_connector("api");
  EXPECT_EQ(stored->resource_version, "2");
  EXPECT_EQ(stored->name, "Renamed");
  up.set_id("mock");
  EXPECT_EQ(handlers->update_connector(up, up_resp).error().message,
            "update connector: static connectors: read-only cannot update connector");
  up.set_id("gone");
  ASSERT_TRUE(handlers->update_connector(up, up_resp));
  EXPECT_TRUE(up_resp.not_found());

  pb::DeleteConnectorReq del;
  pb::DeleteConnectorResp del_resp;
  EXPECT_EQ(handlers->delete_connector(del, del_resp).error().message, "no id supplied");
  del.set_id("api");
  ASSERT_TRUE(handlers->delete_connector(del, del_resp));
  ASSERT_TRUE(handlers->delete_connector(del, del_resp));
  EXPECT_TRUE(del_resp.not_found());
}

TEST_F(HandlersTest, RevokeRefreshRemovesTheRefAndTheToken) {
  storage::OfflineSessions session{.user_id = "u", .conn_id = "mock"};
  session.refresh["app"] = storage::RefreshTokenRef{.id = "rt1", .client_id = "app"};
  ASSERT_TRUE(store->create_offline_sessions(session));
  ASSERT_TRUE(
      store->create_refresh_token(storage::RefreshToken{.id = "rt1", .token = "t", .client_id = "app"}));

  pb::ListRefreshReq list;
  list.set_user_id(oauth2::encode_subject("u", "mock"));
  pb::ListRefreshResp listed;
  ASSERT_TRUE(handlers->list_refresh(list, listed));
  ASSERT_EQ(listed.refresh_tokens_size(), 1);
  EXPECT_EQ(listed.refresh_tokens(0).id(), "rt1");

  pb::RevokeRefreshReq revoke;
  pb::RevokeRefreshResp revoked;
  revoke.set_user_id(list.user_id());
  revoke.set_client_id("other");
  ASSERT_TRUE(handlers->revoke_refresh(revoke, revoked));
  EXPECT_TRUE(revoked.not_found());
  revoke.set_client_id("app");
  revoked = {};
  ASSERT_TRUE(handlers->revoke_refresh(revoke, revoked));
  EXPECT_FALSE(revoked.not_found());
  EXPECT_TRUE(store->get_refresh_token("rt1").error().not_found());
  EXPECT_TRUE(store->get_offline_sessions("u", "mock")->refresh.empty());

  revoke.set_user_id(oauth2::encode_subject("nobody", "mock"));
  ASSERT_TRUE(handlers->revoke_refresh(revoke, revoked));
  EXPECT_TRUE(revoked.not_found());
  revoke.set_user_id("%%%");
  EXPECT_FALSE(handlers->revoke_refresh(revoke, revoked));
}

TEST_F(HandlersTest, VersionAndDiscovery) {
  pb::VersionResp version;
  ASSERT_TRUE(handlers->get_version({}, version));
  EXPECT_EQ(version.server(), "v-test");
  EXPECT_EQ(version.api(), 3);
  pb::DiscoveryResp discovery;
  ASSERT_TRUE(handlers->get_discovery({}, discovery));
  EXPECT_EQ(discovery.issuer(), "http://i");
  ASSERT_EQ(discovery.scopes_supported_size(), 1);
}

}  // namespace
}  // namespace dexcc::api
