// Registry: the explicit backend table, config decoding errors, unknown and unbuilt types.
#include "storage/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace dexcc::storage {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string error_of(std::string_view type, const json& config) {
  auto r = Registry::builtin().open(type, config);
  EXPECT_FALSE(r.has_value()) << type;
  return r ? "" : r.error().message;
}

TEST(Registry, OpensMemory) {
  auto s = Registry::builtin().open("memory", json::object());
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_TRUE((*s)->create_client(Client{.id = "a"}).has_value());
}

TEST(Registry, OpensSqliteWithGoStyleKeys) {
  dexcc::testing::TempDir dir;
  auto s = Registry::builtin().open("sqlite3", {{"File", (dir / "dex.db").string()}});
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_TRUE((*s)->get_keys().has_value());
}

TEST(Registry, SqliteConfigErrorsNameTheKey) {
  EXPECT_EQ(error_of("sqlite3", {{"file", 5}}), "config: storage.config.file: expected a string, got number");
  EXPECT_THAT(error_of("sqlite3", json::object()), HasSubstr("config: storage.config.file: required"));
  EXPECT_THAT(error_of("sqlite3", {{"file", "/no/such/folder/dex.db"}}),
              HasSubstr("storage: sqlite3: cannot open database \"/no/such/folder/dex.db\""));
}

TEST(Registry, KubernetesConfigErrorsAreDexs) {
  EXPECT_THAT(error_of("kubernetes", json::object()),
              HasSubstr("must specify either 'inCluster' or 'kubeConfigFile'"));
  EXPECT_THAT(error_of("kubernetes", {{"inCluster", true}, {"kubeConfigFile", "/k"}}),
              HasSubstr("cannot specify both 'inCluster' and 'kubeConfigFile'"));
  EXPECT_THAT(error_of("kubernetes", {{"kubeConfigFile", "/no/such/kubeconfig"}, {"crdHandling", "maybe"}}),
              HasSubstr("storage.config.crdHandling: unknown value \"maybe\""));
  EXPECT_THAT(error_of("kubernetes", {{"kubeConfigFile", "/no/such/kubeconfig"}}),
              HasSubstr("storage: kubernetes: kubeConfigFile /no/such/kubeconfig"));
}

TEST(Registry, EtcdConfigErrorsNameTheKey) {
  EXPECT_THAT(error_of("etcd", json::object()), HasSubstr("config: storage.config.endpoints: required"));
  EXPECT_EQ(error_of("etcd", {{"endpoints", "127.0.0.1:2379"}}),
            "config: storage.config.endpoints: expected a list of strings, got string");
  EXPECT_EQ(error_of("etcd", {{"endpoints", {"127.0.0.1:2379"}}, {"ssl", {{"keyFile", "k.pem"}}}}),
            "config: storage.config.ssl: keyFile and certFile go together");
}

// Nothing listens on port 1: one line naming the endpoints and why, never the password.
TEST(Registry, EtcdUnreachableAtStartUp) {
  std::string e = error_of("etcd", {{"endpoints", {"127.0.0.1:1", "http://127.0.0.1:1/"}},
                                    {"username", "dex"},
                                    {"password", "s3cret-password"}});
  EXPECT_THAT(
      e, HasSubstr("storage: etcd at http://127.0.0.1:1, http://127.0.0.1:1: POST http://127.0.0.1:1/v3/"));
  EXPECT_EQ(e.find("s3cret"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

// A database that cannot be reached at start-up: one line naming host, port and the driver's
// reason, never the password. (Port 1 on loopback: nothing listens there.)
TEST(Registry, UnreachableDatabaseServerIsOneLineWithoutThePassword) {
  json postgres = {{"host", "127.0.0.1"}, {"port", 1}, {"user", "dex"}, {"password", "hunter2-secret"},
                   {"database", "dex"}, {"ssl", {{"mode", "disable"}}}, {"connectionTimeout", 5}};
  std::string pg = error_of("postgres", postgres);
  EXPECT_TRUE(pg.starts_with("storage: postgres: cannot connect to host 127.0.0.1 port 1: ")) << pg;
  EXPECT_NE(pg.find("refused"), std::string::npos) << pg;
  json mysql = {{"host", "127.0.0.1"}, {"port", 1}, {"user", "dex"}, {"password", "hunter2-secret"},
                {"database", "dex"}, {"ssl", {{"mode", "false"}}}, {"connectionTimeout", 5}};
  std::string my = error_of("mysql", mysql);
  EXPECT_TRUE(my.starts_with("storage: mysql: cannot connect to host 127.0.0.1 port 1: ")) << my;
  for (const auto& e : {pg, my}) {
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
    EXPECT_EQ(e.find("hunter2"), std::string::npos) << e;
  }
  // dex's "host:port" spelling, and the socket folder form, name what was dialled.
  json hostport = {{"host", "127.0.0.1:1"}, {"ssl", {{"mode", "disable"}}}};
  EXPECT_TRUE(error_of("postgres", hostport).starts_with("storage: postgres: cannot connect to host 127.0.0.1 port 1: "));
  json socket = {{"host", "/nonexistent-dexcc"}, {"port", 5433}, {"ssl", {{"mode", "disable"}}}};
  EXPECT_TRUE(error_of("postgres", socket).starts_with("storage: postgres: cannot connect to host /nonexistent-dexcc port 5433: "))
      << error_of("postgres", socket);
}

TEST(Registry, UnknownType) {
  EXPECT_EQ(error_of("x", json::object()), "storage: unknown storage type \"x\"");
  EXPECT_EQ(error_of("Memory", json::object()), "storage: unknown storage type \"Memory\"")
      << "types are exact";
}

TEST(Registry, InjectedTable) {
  Registry r({{"fake", [](const json& c) -> Result<std::unique_ptr<Storage>> {
                 return fail(ErrorKind::kOther, "fake: " + c.value("why", std::string()));
               }}});
  auto s = r.open("fake", {{"why", "down"}});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message, "storage: fake: down");
  EXPECT_FALSE(r.open("memory", json::object()).has_value());
}

}  // namespace
}  // namespace dexcc::storage
