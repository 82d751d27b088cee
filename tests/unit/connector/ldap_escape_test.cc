// RFC 4515 filter value and RFC 4514 DN value escaping, the user and group filters built from
// them, and dex's ldap ConnectorData.
#include <gtest/gtest.h>

#include "connector/ldap/entry.h"
#include "connector/ldap/escape.h"
#include "connector/ldap/search.h"

namespace dexcc::connector::ldap {
namespace {

TEST(LdapEscape, FilterValues) {
  struct Case {
    std::string in, out;
  } cases[] = {
      {"jane", "jane"},
      {"*", "\\2a"},
      {"*)(uid=*", "\\2a\\29\\28uid=\\2a"},
      {"a\\b", "a\\5cb"},
      {std::string("a\0b", 3), "a\\00b"},
      {"j\xc3\xa9r\xc3\xb4me", "j\\c3\\a9r\\c3\\b4me"},  // every byte >= 0x80, as go-ldap
      {"a=b,c+d<>\"#;", "a=b,c+d<>\"#;"},                // not filter specials
      {"", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(escape_filter_value(c.in), c.out) << c.in;
    EXPECT_EQ(unescape_filter_value(c.out), c.in) << c.out;
  }
  EXPECT_EQ(unescape_filter_value("\\2A\\5C"), "*\\");  // either case
  for (const char* bad : {"\\", "\\2", "\\zz", "*", "(", ")", "a\\2"}) {
    EXPECT_FALSE(unescape_filter_value(bad)) << bad;
  }
}

TEST(LdapEscape, DnValues) {
  EXPECT_EQ(escape_dn_value("Jane Doe"), "Jane Doe");
  EXPECT_EQ(escape_dn_value("Doe, Jane"), "Doe\\, Jane");
  EXPECT_EQ(escape_dn_value("a+b=c;d<e>f\"g\\h"), "a\\+b\\=c\\;d\\<e\\>f\\\"g\\\\h");
  EXPECT_EQ(escape_dn_value(" lead"), "\\ lead");
  EXPECT_EQ(escape_dn_value("trail "), "trail\\ ");
  EXPECT_EQ(escape_dn_value("#hash"), "\\#hash");
  EXPECT_EQ(escape_dn_value("in#side"), "in#side");
  EXPECT_EQ(escape_dn_value(std::string("a\0b", 3)), "a\\00b");
}

TEST(LdapEscape, Filters) {
  UserSearch us{.username_attrs = {"uid"}};
  EXPECT_EQ(user_filter(us, "jane"), "(uid=jane)");
  us.filter = "(objectClass=person)";
  EXPECT_EQ(user_filter(us, "jane"), "(&(objectClass=person)(uid=jane))");
  us.username_attrs = {"uid", "mail"};
  EXPECT_EQ(user_filter(us, "j\\2a"), "(&(objectClass=person)(|(uid=j\\2a)(mail=j\\2a)))");
  us.filter.clear();
  EXPECT_EQ(user_filter(us, "j"), "(|(uid=j)(mail=j))");

  GroupSearch gs;
  EXPECT_EQ(group_filter(gs, "member", "uid=o(brien,dc=x"), "(member=uid=o\\28brien,dc=x)");
  gs.filter = "(objectClass=groupOfNames)";
  EXPECT_EQ(group_filter(gs, "memberUid", "*"), "(&(objectClass=groupOfNames)(memberUid=\\2a))");
}

TEST(LdapConnectorData, RoundTripInGoEncoding) {
  RefreshData data{.username = "o\\28brien",
                   .entry = {.dn = "uid=o(brien,ou=People,dc=example,dc=org",
                             .attributes = {{"uid", {"o(brien"}}, {"mail", {"a@x", "b<c>@x"}}}}};
  std::string text = encode_refresh_data(data);
  EXPECT_EQ(
      text,
      R"({"username":"o\\28brien","entry":{"DN":"uid=o(brien,ou=People,dc=example,dc=org","Attributes":[)"
      R"({"Name":"uid","Values":["o(brien"],"ByteValues":["byhicmllbg=="]},)"
      R"({"Name":"mail","Values":["a@x","b\u003cc\u003e@x"],"ByteValues":["YUB4","YjxjPkB4"]}]}})");
  auto back = decode_refresh_data(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->username, data.username);
  EXPECT_EQ(back->entry.dn, data.entry.dn);
  EXPECT_EQ(back->entry.values("mail"), (std::vector<std::string>{"a@x", "b<c>@x"}));
  EXPECT_EQ(back->entry.value("MAIL"), "a@x");  // attribute names match in any case
  EXPECT_EQ(back->entry.value("dn"), data.entry.dn);
  EXPECT_EQ(back->entry.value("cn"), "");
  // Go's decoding: any member case, nulls are empty.
  auto loose = decode_refresh_data(R"({"Username":"u","Entry":{"dn":"x","attributes":null}})");
  ASSERT_TRUE(loose);
  EXPECT_EQ(loose->username, "u");
  EXPECT_EQ(loose->entry.dn, "x");
  for (const char* bad : {"", "[]", R"({"username":1})", R"({"entry":{"Attributes":[{"Values":[1]}]}})"}) {
    EXPECT_FALSE(decode_refresh_data(bad)) << bad;
  }
}

}  // namespace
}  // namespace dexcc::connector::ldap
