// Decoding the ldap connector's config with dex's defaults; refusals throw base::ConfigError.
#include "connector/ldap/config.h"

#include <fmt/format.h>

#include "base/base64.h"
#include "base/json_fields.h"
#include "base/log.h"
#include "base/net_address.h"
#include "base/pem_files.h"
#include "base/secret_string.h"

namespace dexcc::connector::ldap {
namespace {

// dex's parseScope: "" and "sub" search the whole subtree, "one" only the base's children.
bool parse_scope(const std::string& text, Scope& scope) {
  if (text.empty() || text == "sub") {
    scope = Scope::kSub;
  } else if (text == "one") {
    scope = Scope::kOne;
  } else {
    return false;
  }
  return true;
}

// userSearch.username: one attribute (v2.45.1) or a list of them (dex HEAD).
std::vector<std::string> username_attrs(base::JsonFields& f) {
  const nlohmann::json* v = f.raw("username");
  if (!v || v->is_null()) return {};
  if (v->is_string()) {
    std::string attr = v->get<std::string>();
    return attr.empty() ? std::vector<std::string>{} : std::vector<std::string>{attr};
  }
  std::vector<std::string> attrs = f.strings("username");
  for (size_t i = 0; i < attrs.size(); ++i) {
    if (attrs[i].empty()) f.fail(fmt::format("username[{}]", i), "ldap: empty username attribute");
  }
  return attrs;
}

UserMatcher matcher_of(base::JsonFields& m) {
  return {.user_attr = m.string("userAttr"),
          .group_attr = m.string("groupAttr"),
          .recursion_group_attr = m.string("recursionGroupAttr")};
}

// dex's userMatchers(): the list when its first entry names a user attribute, else the deprecated
// single userAttr/groupAttr pair.
std::vector<UserMatcher> user_matchers(base::JsonFields& g) {
  std::vector<UserMatcher> matchers;
  size_t i = 0;
  for (const nlohmann::json* item : g.array("userMatchers")) {
    base::JsonFields m(*item, g.path_of("userMatchers") + "[" + std::to_string(i++) + "]");
    matchers.push_back(matcher_of(m));
    for (const auto& key : m.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  }
  UserMatcher legacy = matcher_of(g);
  if (!matchers.empty() && !matchers.front().user_attr.empty()) return matchers;
  if (!legacy.user_attr.empty()) {
    log::warn(R"(use "groupSearch.userMatchers" option instead of "userAttr/groupAttr" fields)",
              {{"deprecated", true}, {"key", g.path_of("userAttr")}});
  }
  return {legacy};
}

// host[:port]; without a port dex uses 389 for insecureNoSSL and 636 otherwise. StartTLS without a
// port gets 389 here (dex's 636 cannot work: that port speaks TLS from the first byte).
void split_host(Config& c, base::JsonFields& f) {
  auto hp = base::split_host_port(c.host);
  if (hp) {
    c.server = std::string(hp->host);
    c.host_port = c.host;
    return;
  }
  std::string host = c.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.find_first_of("[]/") != std::string::npos) f.fail("host", "ldap: invalid host " + c.host);
  c.server = host;
  bool ipv6 = host.find(':') != std::string::npos;
  const char* port = c.transport == Transport::kLdaps ? "636" : "389";
  c.host_port = (ipv6 ? "[" + host + "]" : host) + ":" + port;
}

}  // namespace

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  c.host = f.string("host");
  bool insecure_no_ssl = f.boolean("insecureNoSSL");
  bool start_tls = f.boolean("startTLS");
  c.transport = insecure_no_ssl ? Transport::kPlain : start_tls ? Transport::kStartTls : Transport::kLdaps;
  c.insecure_skip_verify = f.boolean("insecureSkipVerify");
  c.root_ca_file = f.string("rootCA");
  std::string root_ca_data = f.string("rootCAData");
  c.client_cert_file = f.string("clientCert");
  c.client_key_file = f.string("clientKey");
  c.bind_dn = f.string("bindDN");
  c.bind_pw = f.string("bindPW");
  c.username_prompt = f.string("usernamePrompt");

  base::JsonFields u = f.object("userSearch");
  c.user_search.base_dn = u.string("baseDN");
  c.user_search.filter = u.string("filter");
  c.user_search.username_attrs = username_attrs(u);
  std::string user_scope = u.string("scope");
  c.user_search.id_attr = u.string("idAttr");
  c.user_search.email_attr = u.string("emailAttr");
  c.user_search.name_attr = u.string("nameAttr");
  c.user_search.preferred_username_attr = u.string("preferredUsernameAttr");
  c.user_search.email_suffix = u.string("emailSuffix");

  base::JsonFields g = f.object("groupSearch");
  c.group_search.base_dn = g.string("baseDN");
  c.group_search.filter = g.string("filter");
  std::string group_scope = g.string("scope");
  c.group_search.user_matchers = user_matchers(g);
  c.group_search.name_attr = g.string("nameAttr");

  c.connect_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      f.duration("connectTimeout", std::chrono::seconds(10)));
  c.request_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      f.duration("requestTimeout", std::chrono::seconds(10)));
  if (c.connect_timeout.count() <= 0) f.fail("connectTimeout", "must be positive");
  if (c.request_timeout.count() <= 0) f.fail("requestTimeout", "must be positive");

  // dex's required fields, in its order and words.
  if (c.host.empty()) f.fail("host", "ldap: missing required field \"host\"");
  if (c.user_search.base_dn.empty()) u.fail("baseDN", "ldap: missing required field \"userSearch.baseDN\"");
  if (c.user_search.username_attrs.empty()) {
    u.fail("username", "ldap: missing required field \"userSearch.username\"");
  }
  split_host(c, f);

  if (!root_ca_data.empty()) {
    // rootCAData is a Go []byte: base64 in JSON.
    auto decoded = base::base64_decode(root_ca_data);
    if (!decoded) f.fail("rootCAData", "illegal base64 data");
    c.root_ca_pem = std::move(*decoded);
  } else if (!c.root_ca_file.empty()) {
    auto text = base::read_file_go(c.root_ca_file);
    if (!text) f.fail("rootCA", "ldap: read ca file: " + text.error().message);
    c.root_ca_pem = std::move(*text);
  }
  if ((!root_ca_data.empty() || !c.root_ca_file.empty()) && !base::has_pem_certificate(c.root_ca_pem)) {
    f.fail(root_ca_data.empty() ? "rootCA" : "rootCAData", "ldap: no certs found in ca file");
  }
  if (!c.client_cert_file.empty() && !c.client_key_file.empty()) {
    auto cert = base::read_file_go(c.client_cert_file);
    auto key = base::read_file_go(c.client_key_file);
    std::string problem;
    if (!cert) {
      problem = cert.error().message;
    } else if (!key) {
      problem = key.error().message;
    } else if (auto pair = base::check_pem_key_pair(*cert, *key); !pair) {
      problem = pair.error().message;
    }
    if (key) base::wipe(*key);  // read for the check only; libldap reads the file itself
    if (!problem.empty()) f.fail("clientCert", "ldap: load client cert failed: " + problem);
  } else if (!c.client_cert_file.empty() || !c.client_key_file.empty()) {
    // dex ignores half a pair silently; say so.
    log::warn("ldap: clientCert and clientKey must both be set; no client certificate is sent",
              {{"key", f.path_of("clientCert")}});
    c.client_cert_file.clear();
    c.client_key_file.clear();
  }

  if (!parse_scope(user_scope, c.user_search.scope)) {
    u.fail("scope", fmt::format("userSearch.Scope unknown value \"{}\"", user_scope));
  }
  if (!parse_scope(group_scope, c.group_search.scope)) {
    g.fail("scope", fmt::format("groupSearch.Scope unknown value \"{}\"", group_scope));
  }
  for (auto* nested : {&u, &g, &f}) {
    for (const auto& key : nested->unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  }
  return c;
}

}  // namespace dexcc::connector::ldap
