// dex's Kubernetes layout without a server: object names from IDs (checked against values Go's
// hash/fnv and encoding/base32 give for dex's idToName and offlineTokenName), and the fixture
// objects laid out as dex v2.45.1 writes them: read correctly, and written back member for member.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "base/time_format.h"
#include "storage/kubernetes/codecs.h"
#include "storage/kubernetes/crds.h"
#include "storage/kubernetes/kube_storage.h"
#include "storage/kubernetes/names.h"

namespace dexcc::storage::kubernetes {
namespace {

using nlohmann::json;

TEST(KubernetesNames, IdToNameIsDexs) {
  EXPECT_EQ(id_to_name("example-app"), "mv4gc3lqnrss2ylqodf7fhheqqrcgji");
  EXPECT_EQ(id_to_name("jane@example.com"), "njqw4zkamv4gc3lqnrss4y3pnxf7fhheqqrcgji");
  EXPECT_EQ(id_to_name(""), "zpzjzzeeeirsk");
  EXPECT_EQ(id_to_name("a"), "mhf7fhheqqrcgji");
}

TEST(KubernetesNames, OfflineSessionNameIsDexs) {
  EXPECT_EQ(offline_session_name("user1", "Conn1"), "uwiwejc2qgz7a");
  EXPECT_EQ(offline_session_name("", ""), "zpzjzzeeeirsk");
  EXPECT_EQ(offline_session_name("Cgc4", "local"), "dckkatysg3roo");
}

TEST(KubernetesNames, ResourcesKeepDexsSpellings) {
  EXPECT_EQ(kKeys.plural, "signingkeies");
  EXPECT_EQ(kOfflineSessions.plural, "offlinesessionses");
  EXPECT_EQ(kClients.kind, "OAuth2Client");
  auto crd = crd_object(kOfflineSessions);
  EXPECT_EQ(crd["metadata"]["name"], "offlinesessionses.dex.coreos.com");
  EXPECT_EQ(crd["spec"]["group"], "dex.coreos.com");
  EXPECT_EQ(crd["spec"]["scope"], "Namespaced");
  EXPECT_EQ(crd["spec"]["names"]["kind"], "OfflineSessions");
  EXPECT_EQ(crd["spec"]["versions"][0]["name"], "v1");
}

json fixture() {
  std::ifstream in(std::string(DEXCC_STORAGE_FIXTURES) + "/dex-v2.45.1-kubernetes.json");
  return json::parse(in);
}

json object_of(const json& all, const std::string& resource) {
  for (const auto& entry : all) {
    if (entry["resource"] == resource) return entry["object"];
  }
  ADD_FAILURE() << "no " << resource << " in the fixture";
  return json::object();
}

// Decodes the fixture object, encodes the record again and expects dex's object back.
template <class T>
T round_trip(const std::string& resource) {
  const json dex = object_of(fixture(), resource);
  T value;
  auto d = decode(dex, value);
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().message);
  auto again = [&] {
    if constexpr (std::is_same_v<T, Keys>) {
      return json::parse(encode(value, "NAMESPACE")->dump());
    } else {
      return json::parse(encode(value, "NAMESPACE").dump());
    }
  }();
  EXPECT_EQ(again, dex) << resource << ": dexcc writes\n" << again.dump(2) << "\ndex wrote\n" << dex.dump(2);
  return value;
}

TEST(KubernetesCodecs, ClientAndPassword) {
  auto c = round_trip<Client>("oauth2clients");
  EXPECT_EQ(c.id, "example-app");
  EXPECT_EQ(c.redirect_uris, std::vector<std::string>{"http://127.0.0.1:5555/callback"});
  EXPECT_EQ(object_name(c), "mv4gc3lqnrss2ylqodf7fhheqqrcgji");
  auto p = round_trip<Password>("passwords");
  EXPECT_EQ(p.email, "jane@example.com");
  EXPECT_TRUE(p.hash.starts_with("$2a$10$"));
  EXPECT_FALSE(p.email_verified.has_value()) << "absent means verified, as dex's nil";
}

TEST(KubernetesCodecs, AuthRequestAndCode) {
  auto r = round_trip<AuthRequest>("authrequests");
  EXPECT_EQ(r.id, "ajq5dcc2kqkpqkifqjbfwq2mx") << "the ID is the object name";
  EXPECT_EQ(r.claims.groups, (std::vector<std::string>{"authors", "trouts"}));
  EXPECT_EQ(r.connector_data, R"({"groups":["a"]})");
  EXPECT_EQ(r.hmac_key, "ahmackeyahmackeyahmackeyahmackey");
  EXPECT_EQ(r.pkce.code_challenge_method, "S256");
  auto c = round_trip<AuthCode>("authcodes");
  EXPECT_EQ(c.id, "vqk6ycvjsdgb4nqbocwmkd6rc");
  EXPECT_EQ(c.claims.preferred_username, "kilgore");
}

TEST(KubernetesCodecs, RefreshTokenAndOfflineSessions) {
  auto t = round_trip<RefreshToken>("refreshtokens");
  EXPECT_EQ(t.obsolete_token, "oldtokenoldtokenoldtokeno");
  EXPECT_EQ(base::format_rfc3339_nano(t.last_used), "2025-01-02T03:04:05.5Z");
  auto s = round_trip<OfflineSessions>("offlinesessionses");
  EXPECT_EQ(object_name(s), "dckkatysg3roo");
  ASSERT_EQ(s.refresh.count("example-app"), 1u);
  EXPECT_EQ(s.refresh.at("example-app").id, "ehzgxvhnb3h4scpsryarxk4tq");
}

TEST(KubernetesCodecs, ConnectorKeysAndDeviceFlow) {
  auto c = round_trip<Connector>("connectors");
  EXPECT_EQ(c.config, R"({"host":"ldap.example.com:636"})") << "config, not etcd's \"email\"";
  auto k = round_trip<Keys>("signingkeies");
  EXPECT_EQ(json::parse(k.signing_key.str())["kid"], "k1");
  ASSERT_EQ(k.verification_keys.size(), 1u);
  auto r = round_trip<DeviceRequest>("devicerequests");
  EXPECT_EQ(r.user_code, "BCDF-GHJK") << "dex keeps the user code as the lower-cased name";
  auto t = round_trip<DeviceToken>("devicetokens");
  EXPECT_EQ(t.poll_interval_seconds, 5);
}

TEST(KubernetesCodecs, ReplacementKeepsOthersMetadata) {
  json current = {{"metadata",
                   {{"name", "x"},
                    {"resourceVersion", "42"},
                    {"labels", {{"team", "a"}}},
                    {"managedFields", json::array()}}}};
  Connector c{.id = "x", .type = "mock", .name = "X"};
  auto put = replacement(current, encode(c, "ns"));
  EXPECT_EQ(put["metadata"]["resourceVersion"], "42");
  EXPECT_EQ(put["metadata"]["labels"]["team"], "a");
  EXPECT_FALSE(put["metadata"].contains("managedFields"));
  EXPECT_EQ(put["type"], "mock");
}

TEST(KubernetesCodecs, WrongTypesAreErrors) {
  Client c;
  auto d = decode(json{{"id", 5}}, c);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().message, "kubernetes: undecodable OAuth2Client: member \"id\" has the wrong type");
}

}  // namespace
}  // namespace dexcc::storage::kubernetes
