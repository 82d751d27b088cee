// The ldap connector's config: dex's required keys and texts, default ports, scopes, the two
// forms of userSearch.username and of the group matchers, TLS files, timeouts.
#include <gtest/gtest.h>

#include "base/base64.h"
#include "base/json_fields.h"
#include "connector/ldap/config.h"
#include "connector/registry.h"

namespace dexcc::connector::ldap {
namespace {

using nlohmann::json;

json minimal() {
  return {{"host", "ldap.example.com"},
          {"userSearch", {{"baseDN", "dc=example,dc=com"}, {"username", "uid"}}}};
}

std::string refusal(const json& config) {
  try {
    parse_config(config, "connectors[ldap].config");
  } catch (const base::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(LdapConfig, Defaults) {
  Config c = parse_config(minimal(), "c");
  EXPECT_EQ(c.url(), "ldaps://ldap.example.com:636");
  EXPECT_EQ(c.server, "ldap.example.com");
  EXPECT_EQ(c.transport, Transport::kLdaps);
  EXPECT_FALSE(c.insecure_skip_verify);
  EXPECT_EQ(c.user_search.scope, Scope::kSub);
  EXPECT_EQ(c.user_search.username_attrs, (std::vector<std::string>{"uid"}));
  EXPECT_TRUE(c.user_search.id_attr.empty());  // dex applies no default
  EXPECT_TRUE(c.group_search.base_dn.empty());
  EXPECT_EQ(c.connect_timeout, std::chrono::seconds(10));
  EXPECT_EQ(c.request_timeout, std::chrono::seconds(10));
}

TEST(LdapConfig, PortsPerTransport) {
  json j = minimal();
  j["insecureNoSSL"] = true;
  EXPECT_EQ(parse_config(j, "c").url(), "ldap://ldap.example.com:389");
  j.erase("insecureNoSSL");
  j["startTLS"] = true;
  Config tls = parse_config(j, "c");
  EXPECT_EQ(tls.url(), "ldap://ldap.example.com:389");
  EXPECT_EQ(tls.transport, Transport::kStartTls);
  j["host"] = "ldap.example.com:10389";
  EXPECT_EQ(parse_config(j, "c").url(), "ldap://ldap.example.com:10389");
  j.erase("startTLS");
  j["host"] = "::1";
  Config v6 = parse_config(j, "c");
  EXPECT_EQ(v6.url(), "ldaps://[::1]:636");
  EXPECT_EQ(v6.server, "::1");
  j["host"] = "[::1]:1636";
  EXPECT_EQ(parse_config(j, "c").server, "::1");
}

TEST(LdapConfig, RequiredKeysInDexsWords) {
  json j = minimal();
  j.erase("host");
  EXPECT_EQ(refusal(j), R"(config: connectors[ldap].config.host: ldap: missing required field "host")");
  j = minimal();
  j["userSearch"].erase("baseDN");
  EXPECT_NE(refusal(j).find(R"(missing required field "userSearch.baseDN")"), std::string::npos);
  j = minimal();
  j["userSearch"]["username"] = "";
  EXPECT_NE(refusal(j).find(R"(missing required field "userSearch.username")"), std::string::npos);
  j["userSearch"]["username"] = json::array();
  EXPECT_NE(refusal(j).find(R"(missing required field "userSearch.username")"), std::string::npos);
  j["userSearch"]["username"] = {"uid", ""};
  EXPECT_NE(refusal(j).find("empty username attribute"), std::string::npos);
  j["userSearch"]["username"] = 7;
  EXPECT_NE(refusal(j).find("expected a list of strings"), std::string::npos);
}

TEST(LdapConfig, Scopes) {
  json j = minimal();
  j["userSearch"]["scope"] = "one";
  j["groupSearch"]["scope"] = "sub";
  Config c = parse_config(j, "c");
  EXPECT_EQ(c.user_search.scope, Scope::kOne);
  EXPECT_EQ(c.group_search.scope, Scope::kSub);
  j["userSearch"]["scope"] = "base";
  EXPECT_NE(refusal(j).find(R"(userSearch.Scope unknown value "base")"), std::string::npos);
  j["userSearch"]["scope"] = "sub";
  j["groupSearch"]["scope"] = "children";
  EXPECT_NE(refusal(j).find(R"(groupSearch.Scope unknown value "children")"), std::string::npos);
}

TEST(LdapConfig, UsernameListAndKeysInAnyCase) {
  json j = {{"HOST", "h:1"},
            {"usersearch", {{"BaseDN", "dc=x"}, {"Username", {"uid", "mail"}}, {"IDATTR", "uid"}}},
            {"BindDn", "cn=svc"}};
  Config c = parse_config(j, "c");
  EXPECT_EQ(c.user_search.username_attrs, (std::vector<std::string>{"uid", "mail"}));
  EXPECT_EQ(c.user_search.id_attr, "uid");
  EXPECT_EQ(c.bind_dn, "cn=svc");
}

TEST(LdapConfig, UserMatchersAndTheLegacyPair) {
  json j = minimal();
  j["groupSearch"] = {{"baseDN", "ou=g"},
                      {"userMatchers",
                       {{{"userAttr", "DN"}, {"groupAttr", "member"}},
                        {{"userAttr", "uid"}, {"groupAttr", "memberUid"}, {"recursionGroupAttr", "member"}}}},
                      {"userAttr", "ignored"},
                      {"nameAttr", "cn"}};
  Config c = parse_config(j, "c");
  ASSERT_EQ(c.group_search.user_matchers.size(), 2u);
  EXPECT_EQ(c.group_search.user_matchers[1].group_attr, "memberUid");
  EXPECT_EQ(c.group_search.user_matchers[1].recursion_group_attr, "member");
  j["groupSearch"].erase("userMatchers");
  j["groupSearch"]["userAttr"] = "uid";
  j["groupSearch"]["groupAttr"] = "memberUid";
  c = parse_config(j, "c");
  ASSERT_EQ(c.group_search.user_matchers.size(), 1u);
  EXPECT_EQ(c.group_search.user_matchers[0].user_attr, "uid");
  EXPECT_EQ(c.group_search.user_matchers[0].group_attr, "memberUid");
}

TEST(LdapConfig, TlsMaterialAndTimeouts) {
  json j = minimal();
  j["rootCAData"] = "!!!";
  EXPECT_NE(refusal(j).find("illegal base64 data"), std::string::npos);
  j["rootCAData"] = base::base64_encode("no certificate here");
  EXPECT_NE(refusal(j).find("ldap: no certs found in ca file"), std::string::npos);
  j.erase("rootCAData");
  j["rootCA"] = "/nonexistent/ca.pem";
  EXPECT_NE(refusal(j).find("ldap: read ca file"), std::string::npos);
  j.erase("rootCA");
  j["clientCert"] = "/nonexistent/cert.pem";
  j["clientKey"] = "/nonexistent/key.pem";
  EXPECT_NE(refusal(j).find("ldap: load client cert failed"), std::string::npos);
  j.erase("clientKey");  // half a pair is ignored, as dex (with a warning)
  EXPECT_TRUE(parse_config(j, "c").client_cert_file.empty());
  j["connectTimeout"] = "250ms";
  j["requestTimeout"] = "2s";
  Config c = parse_config(j, "c");
  EXPECT_EQ(c.connect_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(c.request_timeout, std::chrono::seconds(2));
  j["requestTimeout"] = "soon";
  EXPECT_NE(refusal(j).find("is not a duration"), std::string::npos);
}

TEST(LdapConfig, OpensThroughTheRegistryWithoutConnecting) {
  auto c = Registry::builtin().open("ldap", minimal().dump(), {.id = "corp"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NE((*c)->capabilities().password, nullptr);
  EXPECT_NE((*c)->capabilities().refresh, nullptr);
  EXPECT_EQ((*c)->capabilities().callback, nullptr);
  auto bad = Registry::builtin().open("ldap", R"({"host":"h"})", {.id = "corp"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("connector corp: config: connectors[corp].config.userSearch.baseDN"),
            std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace dexcc::connector::ldap
