// The ldap connector's configuration: every key of dex v2.45.1 (plus HEAD's list form of
// userSearch.username), decoded and validated once at open time.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace dexcc::connector::ldap {

enum class Scope { kSub, kOne };

// How the connection is secured: dex's insecureNoSSL / startTLS / (neither) implicit TLS.
enum class Transport { kPlain, kStartTls, kLdaps };

// One way a user entry maps to its groups: groups whose `group_attr` equals a value of the user's
// `user_attr` ("DN" for the entry's DN). With `recursion_group_attr`, parent groups are searched
// too: groups whose that attribute holds a found group's DN.
struct UserMatcher {
  std::string user_attr;
  std::string group_attr;
  std::string recursion_group_attr;
};

struct UserSearch {
  std::string base_dn;
  std::string filter;
  std::vector<std::string> username_attrs;  // one, or HEAD's list joined with OR
  Scope scope = Scope::kSub;
  std::string id_attr, email_attr, name_attr, preferred_username_attr, email_suffix;
};

struct GroupSearch {
  std::string base_dn;  // empty: groups are never searched
  std::string filter;
  Scope scope = Scope::kSub;
  std::vector<UserMatcher> user_matchers;  // the legacy userAttr/groupAttr pair when none given
  std::string name_attr;
};

struct Config {
  std::string host;       // as configured
  std::string server;     // host part only (the TLS name checked)
  std::string host_port;  // "host:port", brackets kept for IPv6, default port applied
  Transport transport = Transport::kLdaps;
  bool insecure_skip_verify = false;
  std::string root_ca_file;  // rootCA
  std::string root_ca_pem;   // rootCAData decoded, or rootCA's contents; empty: system CAs
  std::string client_cert_file, client_key_file;
  std::string bind_dn, bind_pw;
  std::string username_prompt;
  UserSearch user_search;
  GroupSearch group_search;
  // dexcc's own keys (dex has none): the TCP connect (and TLS handshake) limit, and the limit on
  // each LDAP operation, so a directory that hangs never holds a worker longer than this.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};

  std::string url() const { return (transport == Transport::kLdaps ? "ldaps://" : "ldap://") + host_port; }
};

// Throws base::ConfigError with dex's texts for what dex refuses at open: a missing host,
// userSearch.baseDN or userSearch.username, an unknown scope, an unreadable rootCA, CA data without
// certificates, an unloadable client certificate pair. `path` names the config in errors.
Config parse_config(const nlohmann::json& json, const std::string& path);

}  // namespace dexcc::connector::ldap
