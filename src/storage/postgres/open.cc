// Opening a postgres storage: dex's config keys and defaults, libpq connection parameters built
// as dex builds its DSN, the first connection checked, migrations, the pool.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>

#include <algorithm>

#include "base/json_fields.h"
#include "base/log.h"
#include "storage/postgres/connection.h"
#include "storage/postgres/postgres.h"
#include "storage/sql/server_storage.h"

namespace dexcc::storage::postgres {
namespace {

struct Params {
  std::vector<std::string> keywords, values;
  std::string where;  // "host H port P" for error lines
  void add(std::string k, std::string v) {
    keywords.push_back(std::move(k));
    values.push_back(std::move(v));
  }
};

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// The first address of `host`, so that ssl.serverName can stand in for it in the certificate check.
std::string resolve(const std::string& host) {
  if (is_ip_literal(host)) return host;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || res == nullptr) return host;
  char text[INET6_ADDRSTRLEN] = {0};
  const void* addr = res->ai_family == AF_INET6
                         ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(res->ai_addr)->sin6_addr)
                         : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr);
  inet_ntop(res->ai_family, addr, text, sizeof text);
  freeaddrinfo(res);
  return text;
}

// dex's createDataSourceName: "host:port" in host wins over port (kept for old configs); a host
// that is not host:port (a name, or a socket folder) takes port from its own key.
Params connection_params(const Options& o) {
  Params p;
  std::string host = o.host, port = o.port != 0 ? std::to_string(o.port) : "";
  if (auto colon = o.host.rfind(':'); colon != std::string::npos && !o.host.starts_with("/")) {
    std::string h = o.host.substr(0, colon), pt = o.host.substr(colon + 1);
    if (h.starts_with("[") && h.ends_with("]")) h = h.substr(1, h.size() - 2);
    bool numeric = !pt.empty() && pt.find_first_not_of("0123456789") == std::string::npos;
    if (numeric && (h.find(':') == std::string::npos || o.host.starts_with("["))) {
      host = h;
      port = pt;
    }
  }
  p.add("connect_timeout", std::to_string(o.connection_timeout_seconds));
  if (!host.empty()) {
    if (!o.ssl_server_name.empty() && !host.starts_with("/")) {
      // libpq checks the certificate against `host`; dial the address, check the given name.
      p.add("hostaddr", resolve(host));
      p.add("host", o.ssl_server_name);
    } else {
      p.add("host", host);
    }
  }
  if (!port.empty()) p.add("port", port);
  if (!o.user.empty()) p.add("user", o.user);
  if (!o.password.empty()) p.add("password", o.password);
  if (!o.database.empty()) p.add("dbname", o.database);
  p.add("sslmode", o.ssl_mode.empty() ? "verify-full" : o.ssl_mode);
  if (!o.ssl_ca_file.empty()) p.add("sslrootcert", o.ssl_ca_file);
  if (!o.ssl_cert_file.empty()) p.add("sslcert", o.ssl_cert_file);
  if (!o.ssl_key_file.empty()) p.add("sslkey", o.ssl_key_file);
  // Times are read back as UTC text; the server's own zone must not leak in.
  p.add("options", "-c TimeZone=UTC");
  p.add("application_name", "dexcc");
  p.where = fmt::format("host {} port {}", host.empty() ? "localhost" : host, port.empty() ? "5432" : port);
  return p;
}

// A lock number of our own for migrations (pg_advisory_lock takes any bigint).
constexpr const char* kMigrationLock = "select pg_advisory_lock(7368416210)";
constexpr const char* kMigrationUnlock = "select pg_advisory_unlock(7368416210)";

}  // namespace

Result<std::unique_ptr<Storage>> open(const Options& options) {
  static const std::vector<std::string> kModes = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
  if (!options.ssl_mode.empty() &&
      std::find(kModes.begin(), kModes.end(), options.ssl_mode) == kModes.end()) {
    return fail(fmt::format("postgres: unknown ssl.mode \"{}\" (disable, require, verify-ca or verify-full)",
                            options.ssl_mode));
  }
  Params p = connection_params(options);
  auto first = Connection::dial(p.keywords, p.values, p.where);
  if (!first) return std::unexpected(first.error());
  auto migrated = sql::migrate_server(**first, sql::Flavor::kPostgres, kMigrationLock, kMigrationUnlock);
  if (!migrated) {
    return fail(fmt::format("postgres: {}: {}", p.where, migrated.error().message));
  }
  if (*migrated > 0) log::info("postgres storage migrated", {{"server", p.where}, {"migrations", *migrated}});
  sql::PoolLimits limits;
  limits.max_open = options.max_open_conns > 0 ? options.max_open_conns : 5;
  limits.max_idle = options.max_idle_conns;
  limits.max_lifetime = options.conn_max_lifetime;
  auto pool = std::make_unique<sql::Pool>(
      [p]() -> Result<std::unique_ptr<sql::Conn>> {
        auto c = Connection::dial(p.keywords, p.values, p.where);
        if (!c) {
          log::warn("postgres connection failed", {{"error", c.error().message}});
          return std::unexpected(c.error());
        }
        return std::unique_ptr<sql::Conn>(std::move(*c));
      },
      limits);
  pool->adopt(std::move(*first));
  return sql::make_server_storage(sql::Flavor::kPostgres, std::move(pool));
}

Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config) {
  base::JsonFields f(config, "storage.config");
  Options o;
  o.host = f.string("host");
  o.port = static_cast<int>(f.integer("port", 0));
  o.database = f.string("database");
  o.user = f.string("user");
  o.password = f.string("password");
  auto ssl = f.object("ssl");
  o.ssl_mode = ssl.string("mode", "verify-full");
  o.ssl_ca_file = ssl.string("caFile");
  o.ssl_cert_file = ssl.string("certFile");
  o.ssl_key_file = ssl.string("keyFile");
  o.ssl_server_name = ssl.string("serverName");
  o.connection_timeout_seconds = static_cast<int>(f.integer("connectionTimeout", 0));
  o.max_open_conns = static_cast<int>(f.integer("maxOpenConns", 5));
  o.max_idle_conns = static_cast<int>(f.integer("maxIdleConns", 5));
  o.conn_max_lifetime = std::chrono::seconds(f.integer("connMaxLifetime", 0));
  if (o.port < 0 || o.port > 65535) f.fail("port", "must be between 0 and 65535");
  for (const auto& key : f.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  for (const auto& key : ssl.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  return open(o);
}

}  // namespace dexcc::storage::postgres
