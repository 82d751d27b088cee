// End-to-end: the real binary on a PostgreSQL database as dex v2.45.1 left it
// (tests/storage/fixtures/dex-v2.45.1-postgres.sql): no migration runs, and the authorization
// code, refresh token and device code dex issued work in dexcc. Skipped without the test server.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <fstream>
#include <sstream>

#include "base/base64.h"
#include "flow_helpers.h"

namespace dexcc::testing {
namespace {

using namespace flow;

const Basic kExampleApp{"example-app", "ZXhhbXBsZS1hcHAtc2VjcmV0"};

// dex's refresh token on the wire: base64url (no padding) of the protobuf internal.RefreshToken
// {1: refresh_id, 2: token}, built here by hand from the wire format.
std::string dex_refresh_token(const std::string& id, const std::string& token) {
  std::string pb;
  pb += '\x0a';
  pb += static_cast<char>(id.size());
  pb += id;
  pb += '\x12';
  pb += static_cast<char>(token.size());
  pb += token;
  return base::base64url_encode(pb);
}

void exec(const PostgresServer& server, const std::string& db, const std::string& sql) {
  std::string info = "host=" + server.host + " port=" + server.port + " user=postgres dbname=" + db;
  PGconn* c = PQconnectdb(info.c_str());
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

TEST(E2EDexDatabase, PostgresDatabaseWrittenByDexServesItsCodesAndTokens) {
  std::string why;
  auto server = postgres_server(&why);
  if (!server) GTEST_SKIP() << why;
  std::string db = create_postgres_database(*server, &why);
  ASSERT_FALSE(db.empty()) << why;
  std::ifstream in(std::string(DEXCC_SOURCE_TREE) + "/tests/storage/fixtures/dex-v2.45.1-postgres.sql");
  std::stringstream fixture;
  fixture << in.rdbuf();
  exec(*server, db, fixture.str());
  // The fixture's moments are in 2025; move what the test redeems into the future, as if dex had
  // issued it a minute ago. The fixture's keys are placeholders that cannot sign: drop them, so
  // dexcc makes its own (dex does the same on an empty keys table).
  exec(*server, db,
       "update auth_code set expiry = now() + interval '10 minutes';"
       "update device_token set expiry = now() + interval '10 minutes', last_request = now() - interval '1 minute';"
       "update device_request set expiry = now() + interval '10 minutes';"
       "update refresh_token set created_at = now() - interval '1 hour', last_used = now() - interval '1 hour';"
       "delete from keys;");

  // The connector the fixture's users logged in with, "ldap", is the mock here: it refreshes anyone.
  DexccInstance dex(InstanceOptions{
      .config_body = "storage:\n  type: postgres\n  config:\n    host: " + server->host + "\n    port: " + server->port +
                     "\n    database: " + db + "\n    user: postgres\n    ssl:\n      mode: disable\n"
                     "connectors:\n- type: mockCallback\n  id: ldap\n  name: LDAP\n"
                     "oauth2:\n  skipApprovalScreen: true\n"});
  ASSERT_TRUE(dex.started()) << dex.process().output();
  EXPECT_EQ(dex.process().output().find("storage migrated"), std::string::npos) << dex.process().output();

  TokenReply code = redeem(dex, "b2tkmhzvtn5w5wbxb3i7jnmqn", kExampleApp);
  ASSERT_EQ(code.status(), 200) << code.http.body;
  nlohmann::json claims = claims_of(code.str("id_token"));
  EXPECT_EQ(claims["email"], "jane@example.org");
  EXPECT_EQ(claims["aud"], "example-app");

  TokenReply refreshed = refresh(dex, dex_refresh_token("c3xu4o2lzcsvzl5xqgdrbm7yk", "dl3f6ifacaatvvgyfqhxrrjm2"), kExampleApp);
  ASSERT_EQ(refreshed.status(), 200) << refreshed.http.body;
  EXPECT_FALSE(refreshed.str("refresh_token").empty());

  TokenReply device = post_json(dex, "/token",
                                {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                 {"device_code", "f4gpqjptkrzeiatxb6ro5ujwnztsmbmh2pvhvxtqbs6c4vw5pgnvr"},
                                 {"client_id", "example-app"}});
  ASSERT_EQ(device.status(), 200) << device.http.body;
  EXPECT_EQ(device.str("access_token"), "eyJ.a.b");
}

}  // namespace
}  // namespace dexcc::testing
