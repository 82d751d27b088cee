// The ldap connector: login (search, then bind as the user), groups, refresh, identity mapping.
#include "connector/ldap/ldap.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "base/json_fields.h"
#include "base/log.h"
#include "base/text.h"
#include "connector/ldap/config.h"
#include "connector/ldap/connection.h"
#include "connector/ldap/entry.h"
#include "connector/ldap/escape.h"
#include "connector/ldap/search.h"

namespace dexcc::connector::ldap {
namespace {

// The configured CA certificates in a private file for libldap, which takes CAs only from files;
// it lives only while the connector's TLS context is built at open (dex reads rootCA at open too).
class CaFile {
 public:
  explicit CaFile(const std::string& pem) {
    if (pem.empty()) return;
    std::string pattern = (std::filesystem::temp_directory_path() / "dexcc-ldap-ca-XXXXXX").string();
    int fd = mkstemp(pattern.data());
    if (fd < 0) throw base::ConfigError("ldap: cannot write the CA certificates to a temporary file");
    bool ok = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
    ::close(fd);
    path_ = pattern;
    if (!ok) throw base::ConfigError("ldap: cannot write the CA certificates to a temporary file");
  }
  ~CaFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  CaFile(const CaFile&) = delete;
  CaFile& operator=(const CaFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class LdapConnector final : public Connector, public PasswordConnector, public RefreshConnector {
 public:
  LdapConnector(std::string id, Config config) : id_(std::move(id)), config_(std::move(config)) {
    options_ = {.url = config_.url(),
                .start_tls = config_.transport == Transport::kStartTls,
                .insecure_skip_verify = config_.insecure_skip_verify,
                .cert_file = config_.client_cert_file,
                .key_file = config_.client_key_file,
                .connect_timeout = config_.connect_timeout,
                .request_timeout = config_.request_timeout};
  }

  // One TLS context for all of this connector's connections (nothing connects to make it).
  Result<void> prepare_tls() {
    if (config_.transport == Transport::kPlain) return {};
    CaFile ca_file(config_.root_ca_pem);
    options_.ca_file = ca_file.path();
    auto context = TlsContext::create(options_);
    options_.ca_file.clear();  // removed below; the context holds the certificates
    if (!context) return failed("ldap: " + context.error().message);
    options_.tls_context = std::move(*context);
    return {};
  }

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::PasswordConnector
  std::string prompt() const override { return config_.username_prompt; }

  Result<std::optional<Identity>> login(const Scopes& scopes, std::string_view username,
                                        std::string_view password) const override {
    // An empty password would make the user bind an unauthenticated bind, which directories
    // answer with success: refuse it before anything is sent.
    if (password.empty()) return std::optional<Identity>();
    const std::string escaped = escape_filter_value(username);
    auto conn = service_connection();
    if (!conn) return std::unexpected(conn.error());
    auto user = user_entry(*conn, escaped);
    if (!user) return std::unexpected(user.error());
    if (!*user) return std::optional<Identity>();
    const Entry& entry = **user;
    if (auto bound = conn->bind(entry.dn, password); !bound) {
      const LdapError& e = bound.error();
      if (e.code == kInvalidCredentials || e.code == kConstraintViolation) {
        log::error(
            e.code == kInvalidCredentials ? "invalid password for user" : "constraint violation for user",
            {{"connector_id", id_}, {"user_dn", entry.dn}, {"error", e.message}});
        return std::optional<Identity>();
      }
      return fail(fmt::format("ldap: failed to bind as dn {}: {}", base::go_quote(entry.dn), e.message), e);
    }
    auto identity = identity_from(entry);
    if (!identity) return std::unexpected(identity.error());
    if (scopes.groups) {
      auto groups = groups_of(entry);
      if (!groups) return failed("ldap: failed to query groups: " + groups.error().message);
      identity->groups = std::move(*groups);
    }
    if (scopes.offline_access) identity->connector_data = encode_refresh_data({escaped, entry});
    return std::optional<Identity>(std::move(*identity));
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& identity) const override {
    auto data = decode_refresh_data(identity.connector_data);
    if (!data) return failed("ldap: failed to unmarshal internal data");
    // dex stores the username escaped once (and escapes it again when searching): undo the
    // stored escaping so the filter holds the username escaped exactly once.
    auto username = unescape_filter_value(data->username);
    if (!username) return failed("ldap: stored username is not a filter value");
    auto conn = service_connection();
    if (!conn) return std::unexpected(conn.error());
    auto user = user_entry(*conn, escape_filter_value(*username));
    if (!user) return std::unexpected(user.error());
    if (!*user) return failed(fmt::format("ldap: user not found {}", base::go_quote(*username)));
    const Entry& entry = **user;
    if (entry.dn != data->entry.dn) {
      return failed(fmt::format("ldap: refresh for username {} expected DN {} got {}",
                                base::go_quote(*username), base::go_quote(data->entry.dn),
                                base::go_quote(entry.dn)));
    }
    auto refreshed = identity_from(entry);
    if (!refreshed) return refreshed;
    refreshed->connector_data = identity.connector_data;
    if (scopes.groups) {
      auto groups = groups_of(entry);
      if (!groups) return failed("ldap: failed to query groups: " + groups.error().message);
      refreshed->groups = std::move(*groups);
    }
    return refreshed;
  }

 private:
  // A failure talking to the directory; one that did not answer at all is logged as such, so an
  // operator sees "unreachable" rather than a generic login error.
  std::unexpected<Error> fail(const std::string& message, const LdapError& cause) const {
    if (unreachable(cause)) {
      log::error("ldap: the directory cannot be reached",
                 {{"connector_id", id_}, {"url", options_.url}, {"error", cause.message}});
    }
    return failed(message);
  }

  // A new connection bound as the service account (or anonymously when bindDN and bindPW are
  // both empty).
  Result<Connection> service_connection() const {
    auto conn = Connection::open(options_);
    if (!conn) return fail("ldap: " + conn.error().message, conn.error());
    bool anonymous = config_.bind_dn.empty() && config_.bind_pw.empty();
    if (auto bound = conn->bind(config_.bind_dn, config_.bind_pw); !bound) {
      if (anonymous)
        return fail("ldap: initial anonymous bind failed: " + bound.error().message, bound.error());
      return fail(fmt::format("ldap: initial bind for user {} failed: {}", base::go_quote(config_.bind_dn),
                              bound.error().message),
                  bound.error());
    }
    return std::move(*conn);
  }

  // dex's userEntry: exactly one entry, none (nullopt: wrong credentials), or an error for more.
  Result<std::optional<Entry>> user_entry(Connection& conn, const std::string& escaped_username) const {
    const UserSearch& us = config_.user_search;
    std::string filter = user_filter(us, escaped_username);
    std::vector<std::string> attributes{us.id_attr, us.email_attr};
    for (const auto& m : config_.group_search.user_matchers) attributes.push_back(m.user_attr);
    attributes.push_back(us.name_attr);
    attributes.push_back(us.preferred_username_attr);
    attributes.insert(attributes.end(), us.username_attrs.begin(), us.username_attrs.end());
    log::debug("performing ldap search",
               {{"connector_id", id_}, {"base_dn", us.base_dn}, {"filter", filter}});
    auto entries = conn.search(us.base_dn, us.scope, filter, attributes);
    if (!entries) {
      return fail(fmt::format("ldap: search with filter {} failed: {}", base::go_quote(filter),
                              entries.error().message),
                  entries.error());
    }
    if (entries->empty()) {
      log::error("ldap: no results returned for filter", {{"connector_id", id_}, {"filter", filter}});
      return std::optional<Entry>();
    }
    if (entries->size() > 1) {
      return failed(fmt::format("ldap: filter returned multiple ({}) results: {}", entries->size(),
                                base::go_quote(filter)));
    }
    log::debug("username mapped to entry", {{"connector_id", id_}, {"user_dn", entries->front().dn}});
    return std::optional<Entry>(std::move(entries->front()));
  }

  // dex's identityFromEntry: every configured attribute must be present.
  Result<Identity> identity_from(const Entry& user) const {
    const UserSearch& us = config_.user_search;
    Identity id;
    std::vector<std::string> missing;
    id.user_id = user.value(us.id_attr);
    if (id.user_id.empty()) missing.push_back(us.id_attr);
    if (!us.name_attr.empty()) {
      id.username = user.value(us.name_attr);
      if (id.username.empty()) missing.push_back(us.name_attr);
    }
    if (!us.preferred_username_attr.empty()) {
      id.preferred_username = user.value(us.preferred_username_attr);
      if (id.preferred_username.empty()) missing.push_back(us.preferred_username_attr);
    }
    if (!us.email_suffix.empty()) {
      id.email = id.username + "@" + us.email_suffix;
    } else {
      id.email = user.value(us.email_attr);
      if (id.email.empty()) missing.push_back(us.email_attr);
    }
    id.email_verified = true;
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : " ") + base::go_quote(m);
      return failed(fmt::format("ldap: entry {} missing following required attribute(s): [{}]",
                                base::go_quote(user.dn), list));
    }
    return id;
  }

  // dex's groups(): for every matcher and every value of its user attribute, the groups whose
  // group attribute holds that value; parent groups too when the matcher has a recursion
  // attribute. Names come from groupSearch.nameAttr; each group is listed once.
  Result<std::vector<std::string>> groups_of(const Entry& user) const {
    const GroupSearch& gs = config_.group_search;
    std::vector<std::string> names;
    if (gs.base_dn.empty()) return names;
    std::optional<Connection> conn;
    std::set<std::string> seen;
    for (const auto& matcher : gs.user_matchers) {
      if (matcher.user_attr.empty()) continue;
      for (const auto& value : user.values(matcher.user_attr)) {
        std::vector<Entry> found;
        if (auto r = search_groups(conn, group_filter(gs, matcher.group_attr, value), found); !r) {
          return std::unexpected(r.error());
        }
        if (found.empty()) log::debug("ldap: groups search returned no groups", {{"connector_id", id_}});
        // Breadth-first up the hierarchy; names already seen stop cycles.
        for (size_t i = 0; i < found.size(); ++i) {
          std::string name = found[i].value(gs.name_attr);
          if (name.empty()) {
            return failed(fmt::format("ldap: group entity {} missing required attribute {}",
                                      base::go_quote(found[i].dn), base::go_quote(gs.name_attr)));
          }
          if (!seen.insert(name).second) continue;
          names.push_back(name);
          if (matcher.recursion_group_attr.empty()) continue;
          std::string parent_filter =
              "(" + matcher.recursion_group_attr + "=" + escape_filter_value(found[i].dn) + ")";
          if (auto r = search_groups(conn, parent_filter, found); !r) return std::unexpected(r.error());
        }
      }
    }
    return names;
  }

  // One group search (appending to `out`) on a service connection opened on first use; a base
  // that does not exist (noSuchObject) finds no groups.
  Result<void> search_groups(std::optional<Connection>& conn, const std::string& filter,
                             std::vector<Entry>& out) const {
    const GroupSearch& gs = config_.group_search;
    if (!conn) {
      auto opened = service_connection();
      if (!opened) return std::unexpected(opened.error());
      conn.emplace(std::move(*opened));
    }
    log::debug("performing ldap search",
               {{"connector_id", id_}, {"base_dn", gs.base_dn}, {"filter", filter}});
    auto entries = conn->search(gs.base_dn, gs.scope, filter, {gs.name_attr});
    if (!entries) {
      if (entries.error().code == kNoSuchObject) return {};
      return fail("ldap: search failed: " + entries.error().message, entries.error());
    }
    for (auto& e : *entries) out.push_back(std::move(e));
    return {};
  }

  std::string id_;
  Config config_;
  ConnectionOptions options_;
};
static_assert(std::derived_from<LdapConnector, PasswordConnector>);
static_assert(std::derived_from<LdapConnector, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  auto connector = std::make_unique<LdapConnector>(context.id, std::move(config));
  if (auto tls = connector->prepare_tls(); !tls) return std::unexpected(tls.error());
  return connector;
}

}  // namespace dexcc::connector::ldap
