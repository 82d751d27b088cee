// The kubernetes backend on a real kube-apiserver: objects laid out as dex writes them are read
// and updated in place, two stores race on resourceVersion, RBAC refusals name verb and resource,
// both ways of connecting (kubeconfig with a token or a client certificate, in-cluster files),
// request timeouts, and an API server restart. Most tests share one API server (services.sh's, or
// one per test process); the last one starts its own, to sign client certificates and restart it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "storage/conformance.h"
#include "storage/kubernetes/codecs.h"
#include "storage/kubernetes/connection.h"
#include "storage/kubernetes/kubernetes.h"
#include "storage/registry.h"
#include "support/kube_apiserver.h"

namespace dexcc::storage::testing {
namespace {

using dexcc::testing::KubeApiServer;
using nlohmann::json;
using ::testing::HasSubstr;

class KubernetesServer : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = dexcc::testing::shared_kube_apiserver(&why);
    if (!server_) GTEST_SKIP() << why;
    ns_ = dexcc::testing::unique_kube_namespace();
  }

  Result<std::unique_ptr<Storage>> open_as(const std::string& token) {
    auto c =
        kubernetes::kubeconfig_connection(server_->write_kubeconfig(token, ns_, ns_ + "-" + token + ".yaml"));
    if (!c) return std::unexpected(c.error());
    kubernetes::Options o;
    o.connection = std::move(*c);
    o.crd_wait = std::chrono::seconds(5);
    return kubernetes::open(o);
  }
  std::unique_ptr<Storage> open_admin() {
    auto s = open_as(KubeApiServer::kAdminToken);
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  std::string path(const std::string& resource, const std::string& name = {}) const {
    return "/apis/dex.coreos.com/v1/namespaces/" + ns_ + "/" + resource + (name.empty() ? "" : "/" + name);
  }
  json raw(const std::string& resource, const std::string& name) {
    std::string body;
    EXPECT_EQ(server_->admin("GET", path(resource, name), {}, &body), 200) << resource << "/" << name;
    return json::parse(body, nullptr, false);
  }

  KubeApiServer* server_ = nullptr;
  std::string ns_;
};

json fixture() {
  std::ifstream in(std::string(DEXCC_STORAGE_FIXTURES) + "/dex-v2.45.1-kubernetes.json");
  return json::parse(in);
}

// The members dex writes, without what the API server adds to metadata.
json dex_members(json object) {
  object.erase("metadata");
  return object;
}

TEST_F(KubernetesServer, ReadsAndUpdatesObjectsDexWrote) {
  auto store = open_admin();  // creates the CRDs, as dex would have
  ASSERT_NE(store, nullptr);
  const json all = fixture();
  for (auto entry : all) {
    json object = entry["object"];
    object["metadata"]["namespace"] = ns_;
    if (entry["resource"] == "oauth2clients") object["metadata"]["labels"] = {{"owner", "dex"}};
    ASSERT_EQ(server_->admin("POST", path(entry["resource"]), object.dump()), 201) << entry["resource"];
  }

  auto client = store->get_client("example-app");
  ASSERT_STORAGE_OK(client);
  EXPECT_EQ(client->name, "Example App");
  auto password = store->get_password("Jane@Example.com");
  ASSERT_STORAGE_OK(password);
  EXPECT_EQ(password->user_id, "08a8684b-db88-4b73-90a9-3cd1661f5466");
  auto request = store->get_auth_request("ajq5dcc2kqkpqkifqjbfwq2mx");
  ASSERT_STORAGE_OK(request);
  EXPECT_EQ(request->hmac_key, "ahmackeyahmackeyahmackeyahmackey");
  auto session = store->get_offline_sessions("Cgc4", "local");
  ASSERT_STORAGE_OK(session);
  EXPECT_EQ(session->refresh.at("example-app").id, "ehzgxvhnb3h4scpsryarxk4tq");
  auto connector = store->get_connector("ldap-corp");
  ASSERT_STORAGE_OK(connector);
  EXPECT_FALSE(connector->resource_version.empty()) << "dex's ResourceVersion is the object's";
  auto keys = store->get_keys();
  ASSERT_STORAGE_OK(keys);
  EXPECT_EQ(json::parse(keys->signing_key.str())["kid"], "k1");
  auto device = store->get_device_request("BCDF-GHJK");
  ASSERT_STORAGE_OK(device);
  EXPECT_EQ(device->client_id, "example-app");
  ASSERT_STORAGE_OK(store->list_refresh_tokens());
  EXPECT_EQ(store->list_refresh_tokens()->size(), 1u);

  // An update through dexcc changes only what the updater changed: every other member is dex's
  // as it was, and a label someone else set survives.
  ASSERT_STORAGE_OK(store->update_client("example-app", [](Client c) -> Result<Client> {
    c.name = "Renamed";
    return c;
  }));
  json after = raw("oauth2clients", "mv4gc3lqnrss2ylqodf7fhheqqrcgji");
  json expected = dex_members(all[0]["object"]);
  expected["name"] = "Renamed";
  EXPECT_EQ(dex_members(after), expected);
  EXPECT_EQ(after["metadata"]["labels"]["owner"], "dex");
}

// What dexcc creates is, member for member, what dex writes for the same record.
TEST_F(KubernetesServer, WritesObjectsAsDexDoes) {
  auto store = open_admin();
  ASSERT_NE(store, nullptr);
  const json all = fixture();
  Client c;
  ASSERT_TRUE(kubernetes::decode(all[0]["object"], c).has_value());
  ASSERT_STORAGE_OK(store->create_client(c));
  OfflineSessions s;
  ASSERT_TRUE(kubernetes::decode(all[5]["object"], s).has_value());
  ASSERT_STORAGE_OK(store->create_offline_sessions(s));
  RefreshToken t;
  ASSERT_TRUE(kubernetes::decode(all[4]["object"], t).has_value());
  ASSERT_STORAGE_OK(store->create_refresh_token(t));
  EXPECT_EQ(dex_members(raw("oauth2clients", "mv4gc3lqnrss2ylqodf7fhheqqrcgji")),
            dex_members(all[0]["object"]));
  EXPECT_EQ(dex_members(raw("offlinesessionses", "dckkatysg3roo")), dex_members(all[5]["object"]));
  EXPECT_EQ(dex_members(raw("refreshtokens", t.id)), dex_members(all[4]["object"]));
  json crd;
  std::string body;
  ASSERT_EQ(server_->admin(
                "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/signingkeies.dex.coreos.com",
                {}, &body),
            200);
  crd = json::parse(body);
  EXPECT_EQ(crd["spec"]["names"]["kind"], "SigningKey");
}

// Two stores (two replicas) increment one client's list concurrently: resourceVersion conflicts
// are retried, so no increment is lost.
TEST_F(KubernetesServer, TwoReplicasNeverLoseAnUpdate) {
  auto a = open_admin();
  auto b = open_admin();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_STORAGE_OK(a->create_client(Client{.id = "shared", .secret = "s"}));
  constexpr int kEach = 15;
  auto bump = [](Storage& s, const std::string& who) {
    for (int i = 0; i < kEach; ++i) {
      auto r = s.update_client("shared", [&](Client c) -> Result<Client> {
        c.redirect_uris.push_back(who + std::to_string(i));
        return c;
      });
      EXPECT_TRUE(r.has_value()) << r.error().message;
    }
  };
  std::thread ta([&] { bump(*a, "a"); });
  std::thread tb([&] { bump(*b, "b"); });
  ta.join();
  tb.join();
  EXPECT_EQ(b->get_client("shared")->redirect_uris.size(), 2u * kEach);
}

// Lists follow the API server's continue tokens until the last page.
TEST_F(KubernetesServer, ListsReadEveryPage) {
  auto store = open_admin();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 5; ++i) ASSERT_STORAGE_OK(store->create_client(Client{.id = "c" + std::to_string(i)}));
  auto c = kubernetes::kubeconfig_connection(
      server_->write_kubeconfig(KubeApiServer::kAdminToken, ns_, ns_ + "-pages.yaml"));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  auto api = kubernetes::ApiClient::create(*c, std::chrono::seconds(10));
  ASSERT_TRUE(api.has_value()) << api.error().message;
  auto all = (*api)->list(kubernetes::kClients, 2);
  ASSERT_TRUE(all.has_value()) << all.error().message;
  EXPECT_EQ(all->size(), 5u);
}

TEST_F(KubernetesServer, NoGrantsIsAClear403) {
  open_admin();  // the CRDs exist; this user may not even list them
  auto s = open_as(KubeApiServer::kNobodyToken);
  ASSERT_FALSE(s.has_value());
  EXPECT_THAT(
      s.error().message,
      HasSubstr("403 Forbidden: not allowed to list authcodes.dex.coreos.com in namespace \"" + ns_ + "\""));
  EXPECT_THAT(s.error().message,
              HasSubstr("must grant verb \"list\" on resource \"authcodes.dex.coreos.com\""));
  EXPECT_THAT(s.error().message, HasSubstr("kubernetes API server " + server_->server()));
}

TEST_F(KubernetesServer, MissingVerbsNameVerbAndResource) {
  open_admin();
  ASSERT_TRUE(server_->grant_reader(ns_));
  auto s = open_as(KubeApiServer::kReaderToken);  // get, list and create only
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Storage& store = **s;
  ASSERT_STORAGE_OK(store.create_client(Client{.id = "c1"}));
  auto updated = store.update_client("c1", [](Client c) -> Result<Client> { return c; });
  ASSERT_FALSE(updated.has_value());
  EXPECT_THAT(updated.error().message,
              HasSubstr("403 Forbidden: not allowed to update oauth2clients.dex.coreos.com in namespace \"" +
                        ns_ + "\""));
  auto deleted = store.delete_client("c1");
  ASSERT_FALSE(deleted.has_value());
  EXPECT_THAT(deleted.error().message, HasSubstr("not allowed to delete oauth2clients.dex.coreos.com"));
}

TEST_F(KubernetesServer, UnknownTokenIsAClear401) {
  auto s = open_as("not-a-token");
  ASSERT_FALSE(s.has_value());
  EXPECT_THAT(s.error().message,
              HasSubstr("401 Unauthorized: the API server did not accept our credentials"));
}

TEST_F(KubernetesServer, InClusterFilesAndEnvironment) {
  dexcc::testing::TempDir sa;
  std::ofstream(sa / "token") << KubeApiServer::kAdminToken << "\n";
  std::ofstream(sa / "ca.crt") << server_->ca_pem();
  std::ofstream(sa / "namespace") << ns_;
  const std::string port = server_->server().substr(server_->server().rfind(':') + 1);
  auto env = [&](const char* name) -> const char* {
    if (std::string_view(name) == "KUBERNETES_SERVICE_HOST") return "127.0.0.1";
    if (std::string_view(name) == "KUBERNETES_SERVICE_PORT") return port.c_str();
    return nullptr;
  };
  auto c = kubernetes::in_cluster_connection(sa.path().string(), env);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->ns, ns_);
  kubernetes::Options o;
  o.connection = std::move(*c);
  auto s = kubernetes::open(o);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  ASSERT_STORAGE_OK((*s)->create_connector(sample_connector()));

  auto missing = kubernetes::in_cluster_connection(sa.path().string(),
                                                   [](const char*) -> const char* { return nullptr; });
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(missing.error().message,
              HasSubstr("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set"));
}

// A server that accepts connections and never answers: the request gives up after its timeout.
TEST(KubernetesTimeout, HungServerTimesOut) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  kubernetes::Options o;
  o.connection.server = "https://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  o.connection.token = "t";
  o.request_timeout = std::chrono::milliseconds(700);
  const auto start = std::chrono::steady_clock::now();
  auto s = kubernetes::open(o);
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  ASSERT_FALSE(s.has_value());
  EXPECT_THAT(s.error().message, HasSubstr("create customresourcedefinitions.apiextensions.k8s.io"));
  EXPECT_LT(took, std::chrono::seconds(5));
}

// On a private API server (its client CA is ours): a kubeconfig with a client certificate, through
// the registry as `storage.config` names it. Then the API server goes away and comes back (same
// etcd): calls fail meanwhile with an error naming the server, and the same store works again
// afterwards with its data intact.
TEST(KubernetesPrivateServer, ClientCertificateAndRestart) {
  if (!KubeApiServer::binary()) GTEST_SKIP() << KubeApiServer::skip_reason();
  KubeApiServer server;
  ASSERT_TRUE(server.start()) << server.output();
  ASSERT_TRUE(server.create_namespace("restart"));

  ASSERT_TRUE(server.make_admin("cert-user"));
  const std::string kubeconfig = server.write_cert_kubeconfig("cert-user", "restart", "cert.yaml");
  auto by_cert = Registry::builtin().open("kubernetes", {{"kubeConfigFile", kubeconfig}});
  ASSERT_TRUE(by_cert.has_value()) << by_cert.error().message;
  ASSERT_STORAGE_OK((*by_cert)->create_password(sample_password("Cert@Example.com")));
  EXPECT_EQ((*by_cert)->get_password("cert@example.com")->email, "cert@example.com");

  auto c = kubernetes::kubeconfig_connection(
      server.write_kubeconfig(KubeApiServer::kAdminToken, "restart", "k.yaml"));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  kubernetes::Options o;
  o.connection = std::move(*c);
  o.request_timeout = std::chrono::seconds(3);
  auto s = kubernetes::open(o);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Storage& store = **s;
  ASSERT_STORAGE_OK(store.create_client(Client{.id = "before"}));

  server.stop();
  auto down = store.get_client("before");
  ASSERT_FALSE(down.has_value());
  EXPECT_THAT(down.error().message,
              HasSubstr("kubernetes: get oauth2clients.dex.coreos.com at " + server.server()));

  ASSERT_TRUE(server.start()) << server.output();
  ASSERT_STORAGE_OK(store.get_client("before"));
  ASSERT_STORAGE_OK(store.create_client(Client{.id = "after"}));
  ASSERT_STORAGE_OK(store.update_client("before", [](Client c) -> Result<Client> {
    c.name = "updated after the restart";
    return c;
  }));
  EXPECT_EQ(store.list_clients()->size(), 2u);
}

}  // namespace
}  // namespace dexcc::storage::testing
