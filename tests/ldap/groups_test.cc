// Group searches against slapd: user matchers on the DN and on uid (member and memberUid), the
// legacy userAttr/groupAttr form, nameAttr, parent groups with recursionGroupAttr, missing bases.
#include "ldap_fixture.h"

namespace dexcc::connector::ldap_test {
namespace {

using Groups = std::vector<std::string>;

class LdapGroups : public SharedSlapd {
 protected:
  Outcome groups_login(const json& config, const std::string& user) {
    return login(*open(config), user, user + "-pw", {.groups = true});
  }
};

TEST_F(LdapGroups, MemberOfTheUsersDn) {
  Outcome jane = groups_login(base_config(slapd()), "jane");
  ASSERT_TRUE(jane.identity) << jane.error;
  EXPECT_EQ(jane.identity->groups, (Groups{"admins", "developers"}));
  Outcome alice = groups_login(base_config(slapd()), "alice");
  ASSERT_TRUE(alice.identity) << alice.error;
  EXPECT_EQ(alice.identity->groups, (Groups{"admins"}));
}

TEST_F(LdapGroups, MemberUidAndSeveralMatchers) {
  json config = base_config(slapd());
  config["groupSearch"]["filter"] = "(objectClass=posixGroup)";
  config["groupSearch"]["userMatchers"] = {{{"userAttr", "uid"}, {"groupAttr", "memberUid"}}};
  Outcome jane = groups_login(config, "jane");
  ASSERT_TRUE(jane.identity) << jane.error;
  EXPECT_EQ(jane.identity->groups, (Groups{"ops"}));

  config["groupSearch"].erase("filter");
  config["groupSearch"]["userMatchers"] = {{{"userAttr", "DN"}, {"groupAttr", "member"}},
                                           {{"userAttr", "uid"}, {"groupAttr", "memberUid"}}};
  jane = groups_login(config, "jane");
  ASSERT_TRUE(jane.identity) << jane.error;
  EXPECT_EQ(jane.identity->groups, (Groups{"admins", "developers", "ops"}));
  Outcome john = groups_login(config, "john");
  ASSERT_TRUE(john.identity) << john.error;
  EXPECT_EQ(john.identity->groups, (Groups{"developers"}));
}

TEST_F(LdapGroups, LegacyUserAttrGroupAttr) {
  json config = base_config(slapd());
  config["groupSearch"].erase("userMatchers");
  config["groupSearch"]["userAttr"] = "DN";
  config["groupSearch"]["groupAttr"] = "member";
  Outcome jane = groups_login(config, "jane");
  ASSERT_TRUE(jane.identity) << jane.error;
  EXPECT_EQ(jane.identity->groups, (Groups{"admins", "developers"}));
}

TEST_F(LdapGroups, NameAttrMissingOnAGroupIsAnError) {
  json config = base_config(slapd());
  config["groupSearch"]["nameAttr"] = "description";
  Outcome alice = groups_login(config, "alice");  // only in admins, which has a description
  ASSERT_TRUE(alice.identity) << alice.error;
  EXPECT_EQ(alice.identity->groups, (Groups{"Administrators"}));
  Outcome jane = groups_login(config, "jane");
  EXPECT_EQ(
      jane.error,
      R"(ldap: failed to query groups: ldap: group entity "cn=developers,ou=Groups,dc=example,dc=org" missing required attribute "description")");
}

TEST_F(LdapGroups, NestedGroupsOnlyWithRecursionGroupAttr) {
  Outcome alice = groups_login(base_config(slapd()), "alice");
  ASSERT_TRUE(alice.identity) << alice.error;
  EXPECT_EQ(alice.identity->groups, (Groups{"admins"}));  // staff holds admins: not followed
  json config = base_config(slapd());
  config["groupSearch"]["userMatchers"][0]["recursionGroupAttr"] = "member";
  alice = groups_login(config, "alice");
  ASSERT_TRUE(alice.identity) << alice.error;
  EXPECT_EQ(alice.identity->groups, (Groups{"admins", "staff"}));
}

TEST_F(LdapGroups, NoBaseOrMissingBaseMeansNoGroups) {
  json config = base_config(slapd());
  config["groupSearch"].erase("baseDN");
  Outcome jane = groups_login(config, "jane");
  ASSERT_TRUE(jane.identity) << jane.error;
  EXPECT_TRUE(jane.identity->groups.empty());
  config["groupSearch"]["baseDN"] = "ou=Nowhere,dc=example,dc=org";
  jane = groups_login(config, "jane");
  ASSERT_TRUE(jane.identity) << jane.error;
  EXPECT_TRUE(jane.identity->groups.empty());
}

TEST_F(LdapGroups, GroupScopeOne) {
  json config = base_config(slapd());
  config["groupSearch"]["baseDN"] = "dc=example,dc=org";
  config["groupSearch"]["scope"] = "one";  // groups are two levels down
  Outcome jane = groups_login(config, "jane");
  ASSERT_TRUE(jane.identity) << jane.error;
  EXPECT_TRUE(jane.identity->groups.empty());
}

}  // namespace
}  // namespace dexcc::connector::ldap_test
