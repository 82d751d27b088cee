// Refresh against slapd: the user and groups are read again; a changed entry shows, a deleted,
// disabled or moved user cannot refresh; ConnectorData written by dex is understood.
#include "connector/ldap/entry.h"
#include "ldap_fixture.h"

namespace dexcc::connector::ldap_test {
namespace {

class LdapRefresh : public ::testing::Test {
 protected:
  void SetUp() override {
    ignore_sigpipe();
    if (!testing::SlapdServer::available()) GTEST_SKIP() << "slapd is not installed";
    ASSERT_TRUE(slapd_.start()) << slapd_.output();
    config_ = base_config(slapd_);
    config_["userSearch"]["filter"] = "(&(objectClass=inetOrgPerson)(!(description=disabled)))";
  }
  Identity logged_in(const Connector& c, const std::string& user) {
    Outcome o = login(c, user, user + "-pw", {.offline_access = true, .groups = true});
    EXPECT_TRUE(o.identity) << o.error;
    return o.identity.value_or(Identity{});
  }
  void change(const std::string& ldif) {
    std::string out;
    ASSERT_TRUE(slapd_.modify(ldif, &out)) << out;
  }
  testing::SlapdServer slapd_;
  json config_;
};

TEST_F(LdapRefresh, ReadsTheUserAndGroupsAgain) {
  auto c = open(config_);
  Identity id = logged_in(*c, "john");
  EXPECT_EQ(id.groups, (std::vector<std::string>{"developers"}));
  change(
      "dn: uid=john,ou=People,dc=example,dc=org\nchangetype: modify\nreplace: cn\ncn: Johnny Smith\n-\n"
      "replace: mail\nmail: johnny@example.org\n\n"
      "dn: cn=admins,ou=Groups,dc=example,dc=org\nchangetype: modify\nadd: member\n"
      "member: uid=john,ou=People,dc=example,dc=org\n");
  auto r = c->capabilities().refresh->refresh({.offline_access = true, .groups = true}, id);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->user_id, "1002");
  EXPECT_EQ(r->username, "Johnny Smith");
  EXPECT_EQ(r->email, "johnny@example.org");
  EXPECT_EQ(r->groups, (std::vector<std::string>{"admins", "developers"}));
  EXPECT_EQ(r->connector_data, id.connector_data);  // kept, as dex
  auto no_groups = c->capabilities().refresh->refresh({.offline_access = true}, id);
  ASSERT_TRUE(no_groups) << no_groups.error().message;
  EXPECT_TRUE(no_groups->groups.empty());
}

TEST_F(LdapRefresh, DeletedUserCannotRefresh) {
  auto c = open(config_);
  Identity id = logged_in(*c, "jane");
  change("dn: uid=jane,ou=People,dc=example,dc=org\nchangetype: delete\n");
  auto r = c->capabilities().refresh->refresh({.offline_access = true}, id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, R"(ldap: user not found "jane")");
}

TEST_F(LdapRefresh, DisabledUserCannotRefresh) {
  auto c = open(config_);
  Identity id = logged_in(*c, "alice");
  change(
      "dn: uid=alice,ou=Staff,dc=example,dc=org\nchangetype: modify\nadd: description\ndescription: "
      "disabled\n");
  EXPECT_FALSE(c->capabilities().refresh->refresh({}, id));
}

TEST_F(LdapRefresh, MovedUserCannotRefresh) {
  // The same username now names another entry: dex refuses (the DN changed).
  auto c = open(config_);
  Identity id = logged_in(*c, "alice");
  change(
      "dn: uid=alice,ou=Staff,dc=example,dc=org\nchangetype: modrdn\nnewrdn: uid=alice\ndeleteoldrdn: 0\n"
      "newsuperior: ou=People,dc=example,dc=org\n");
  auto r = c->capabilities().refresh->refresh({}, id);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("expected DN"), std::string::npos) << r.error().message;
}

TEST_F(LdapRefresh, ConnectorDataWrittenByDex) {
  // dex stores the username filter-escaped once: "o(brien" as "o\28brien".
  auto c = open(config_);
  Identity id;
  id.user_id = "1004";
  id.connector_data =
      R"({"username":"o\\28brien","entry":{"DN":"uid=o(brien,ou=People,dc=example,dc=org","Attributes":[{"Name":"uid","Values":["o(brien"],"ByteValues":["byhicmllbg=="]}]}})";
  auto r = c->capabilities().refresh->refresh({}, id);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->email, "obrien@example.org");
  id.connector_data = "not json";
  r = c->capabilities().refresh->refresh({}, id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "ldap: failed to unmarshal internal data");
}

}  // namespace
}  // namespace dexcc::connector::ldap_test
