// Password login against slapd: the identity mapping of every userSearch key, wrong and empty
// passwords, unknown and ambiguous users, and filter injection attempts.
#include "connector/ldap/entry.h"
#include "ldap_fixture.h"

namespace dexcc::connector::ldap_test {
namespace {

class LdapLogin : public SharedSlapd {};

TEST_F(LdapLogin, MapsTheEntryToAnIdentity) {
  auto c = open(base_config(slapd()));
  EXPECT_EQ(c->capabilities().password->prompt(), "");
  EXPECT_NE(c->capabilities().refresh, nullptr);
  Outcome o = login(*c, "jane", "jane-pw");
  ASSERT_TRUE(o.identity) << o.error;
  EXPECT_EQ(o.identity->user_id, "1001");
  EXPECT_EQ(o.identity->username, "Jane Doe");
  EXPECT_EQ(o.identity->preferred_username, "jane");
  EXPECT_EQ(o.identity->email, "janedoe@example.org");
  EXPECT_TRUE(o.identity->email_verified);
  EXPECT_TRUE(o.identity->groups.empty());          // no groups scope
  EXPECT_TRUE(o.identity->connector_data.empty());  // no offline_access
}

TEST_F(LdapLogin, OfflineAccessKeepsDexsConnectorData) {
  auto c = open(base_config(slapd()));
  Outcome o = login(*c, "jane", "jane-pw", {.offline_access = true});
  ASSERT_TRUE(o.identity) << o.error;
  auto data = ldap::decode_refresh_data(o.identity->connector_data);
  ASSERT_TRUE(data) << o.identity->connector_data;
  EXPECT_EQ(data->username, "jane");
  EXPECT_EQ(data->entry.dn, "uid=jane,ou=People,dc=example,dc=org");
  EXPECT_EQ(data->entry.value("employeeNumber"), "1001");
  auto j = json::parse(o.identity->connector_data);
  EXPECT_TRUE(j["entry"]["Attributes"][0].contains("ByteValues"));
}

TEST_F(LdapLogin, PromptAndSeveralEmails) {
  json config = base_config(slapd());
  config["usernamePrompt"] = "Corporate ID";
  auto c = open(config);
  EXPECT_EQ(c->capabilities().password->prompt(), "Corporate ID");
  Outcome o = login(*c, "john", "john-pw");
  ASSERT_TRUE(o.identity) << o.error;
  EXPECT_EQ(o.identity->email, "john@example.org");  // the first value, as dex
}

TEST_F(LdapLogin, MissingAttributesAreAnError) {
  auto c = open(base_config(slapd()));
  Outcome o = login(*c, "nomail", "nomail-pw");
  EXPECT_EQ(
      o.error,
      R"(ldap: entry "uid=nomail,ou=People,dc=example,dc=org" missing following required attribute(s): ["mail"])");
  json config = base_config(slapd());
  config["userSearch"]["preferredUsernameAttr"] = "displayName";
  Outcome both = login(*open(config), "nomail", "nomail-pw");
  EXPECT_NE(both.error.find(R"(["displayName" "mail"])"), std::string::npos) << both.error;
}

TEST_F(LdapLogin, EmailSuffixUsesTheName) {
  json config = base_config(slapd());
  config["userSearch"]["emailSuffix"] = "corp.example";
  config["userSearch"]["nameAttr"] = "uid";
  Outcome o = login(*open(config), "nomail", "nomail-pw");
  ASSERT_TRUE(o.identity) << o.error;
  EXPECT_EQ(o.identity->email, "nomail@corp.example");
  config["userSearch"].erase("nameAttr");
  Outcome no_name = login(*open(config), "nomail", "nomail-pw");
  ASSERT_TRUE(no_name.identity) << no_name.error;
  EXPECT_EQ(no_name.identity->email, "@corp.example");  // dex's rule without nameAttr
}

TEST_F(LdapLogin, DnAsIdAttribute) {
  json config = base_config(slapd());
  config["userSearch"]["idAttr"] = "DN";
  Outcome o = login(*open(config), "alice", "alice-pw");
  ASSERT_TRUE(o.identity) << o.error;
  EXPECT_EQ(o.identity->user_id, "uid=alice,ou=Staff,dc=example,dc=org");
}

TEST_F(LdapLogin, WrongPasswordAndUnknownUser) {
  auto c = open(base_config(slapd()));
  EXPECT_TRUE(login(*c, "jane", "john-pw").wrong_credentials);
  EXPECT_TRUE(login(*c, "nobody", "x").wrong_credentials);
  EXPECT_TRUE(login(*c, "", "jane-pw").wrong_credentials);
}

TEST_F(LdapLogin, EmptyPasswordIsRefusedBeforeAnyConnection) {
  // A directory that does not exist: an empty password must not even try to reach it.
  json config = base_config(slapd());
  config["host"] = "127.0.0.1:1";
  auto c = open(config);
  EXPECT_TRUE(login(*c, "jane", "").wrong_credentials);
  EXPECT_FALSE(login(*c, "jane", "x").error.empty());
  // Against the real one, no user logs in with an empty password (unauthenticated bind).
  EXPECT_TRUE(login(*open(base_config(slapd())), "jane", "").wrong_credentials);
}

TEST_F(LdapLogin, FilterInjectionLogsNobodyIn) {
  auto c = open(base_config(slapd()));
  for (const char* user :
       {"*", "*)(uid=*", "jane)(uid=*", "ja*", "*)(|(uid=*", "jane\\", "(uid=jane)", "jane)(objectClass=*"}) {
    Outcome o = login(*c, user, "jane-pw");
    EXPECT_TRUE(o.wrong_credentials) << user << ": " << o.error;
  }
  // A filter special inside a real username is matched literally (escaped once, unlike dex).
  Outcome o = login(*c, "o(brien", "o(brien-pw");
  ASSERT_TRUE(o.identity) << o.error;
  EXPECT_EQ(o.identity->user_id, "1004");
}

TEST_F(LdapLogin, MoreThanOneEntryIsAnError) {
  Outcome o = login(*open(base_config(slapd())), "dup", "dup-pw");
  EXPECT_EQ(o.error,
            R"x(ldap: filter returned multiple (2) results: "(&(objectClass=inetOrgPerson)(uid=dup))")x");
}

TEST_F(LdapLogin, BaseDnScopeAndFilter) {
  json config = base_config(slapd());
  config["userSearch"]["baseDN"] = "ou=Staff,dc=example,dc=org";
  auto staff = open(config);
  EXPECT_TRUE(login(*staff, "alice", "alice-pw").identity);
  EXPECT_TRUE(login(*staff, "jane", "jane-pw").wrong_credentials);  // other OU
  EXPECT_TRUE(login(*staff, "dup", "dup-pw").identity);             // only one dup here

  config["userSearch"]["baseDN"] = "dc=example,dc=org";
  config["userSearch"]["scope"] = "one";  // users are two levels down
  EXPECT_TRUE(login(*open(config), "jane", "jane-pw").wrong_credentials);
  config["userSearch"]["scope"] = "sub";
  EXPECT_TRUE(login(*open(config), "jane", "jane-pw").identity);

  config["userSearch"]["filter"] = "(&(objectClass=inetOrgPerson)(!(description=disabled)))";
  EXPECT_TRUE(login(*open(config), "disabled", "disabled-pw").wrong_credentials);
  config["userSearch"].erase("filter");  // (uid=disabled) alone
  EXPECT_TRUE(login(*open(config), "disabled", "disabled-pw").identity);
}

TEST_F(LdapLogin, UsernameAsAListOfAttributes) {
  json config = base_config(slapd());
  config["userSearch"]["username"] = {"uid", "mail"};
  auto c = open(config);
  Outcome by_mail = login(*c, "john.smith@example.org", "john-pw");
  ASSERT_TRUE(by_mail.identity) << by_mail.error;
  EXPECT_EQ(by_mail.identity->user_id, "1002");
  EXPECT_TRUE(login(*c, "john", "john-pw").identity);
  EXPECT_TRUE(login(*c, "john@example.org", "jane-pw").wrong_credentials);
}

TEST_F(LdapLogin, AnonymousAndServiceAccountSearch) {
  json config = base_config(slapd());
  config.erase("bindDN");
  config.erase("bindPW");
  EXPECT_TRUE(login(*open(config), "jane", "jane-pw").identity);  // the test ACL lets anyone read

  config = base_config(slapd());
  config["bindPW"] = "wrong";
  Outcome o = login(*open(config), "jane", "jane-pw");
  EXPECT_NE(
      o.error.find(R"(ldap: initial bind for user "cn=admin,dc=example,dc=org" failed: Invalid credentials)"),
      std::string::npos)
      << o.error;
  config.erase("bindPW");
  o = login(*open(config), "jane", "jane-pw");
  EXPECT_NE(o.error.find("empty password not allowed by the client"), std::string::npos) << o.error;
}

}  // namespace
}  // namespace dexcc::connector::ldap_test
