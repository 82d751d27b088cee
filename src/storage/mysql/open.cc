// Opening a mysql storage: dex's config keys and defaults, the first connection checked,
// migrations, the pool.
#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/log.h"
#include "storage/mysql/mysql.h"
#include "storage/sql/server_storage.h"

namespace dexcc::storage::mysql {
namespace {

// A named server lock, so replicas starting together migrate once.
constexpr const char* kMigrationLock = "select get_lock('dexcc_migrations', 600)";
constexpr const char* kMigrationUnlock = "select release_lock('dexcc_migrations')";

}  // namespace

Result<std::unique_ptr<Storage>> open(const Endpoint& endpoint, const sql::PoolLimits& limits) {
  auto first = Connection::dial(endpoint);
  if (!first) return std::unexpected(first.error());
  auto migrated = sql::migrate_server(**first, sql::Flavor::kMysql, kMigrationLock, kMigrationUnlock);
  if (!migrated) return fail(fmt::format("mysql: {}: {}", endpoint.where, migrated.error().message));
  if (*migrated > 0) log::info("mysql storage migrated", {{"server", endpoint.where}, {"migrations", *migrated}});
  auto pool = std::make_unique<sql::Pool>(
      [endpoint]() -> Result<std::unique_ptr<sql::Conn>> {
        auto c = Connection::dial(endpoint);
        if (!c) {
          log::warn("mysql connection failed", {{"error", c.error().message}});
          return std::unexpected(c.error());
        }
        return std::unique_ptr<sql::Conn>(std::move(*c));
      },
      limits);
  pool->adopt(std::move(*first));
  return sql::make_server_storage(sql::Flavor::kMysql, std::move(pool));
}

Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config) {
  base::JsonFields f(config, "storage.config");
  Endpoint e;
  e.host = f.string("host");
  int64_t port = f.integer("port", 0);
  e.database = f.string("database");
  e.user = f.string("user");
  e.password = f.string("password");
  auto ssl = f.object("ssl");
  e.ssl_mode = ssl.string("mode");
  e.ssl_ca_file = ssl.string("caFile");
  e.ssl_cert_file = ssl.string("certFile");
  e.ssl_key_file = ssl.string("keyFile");
  e.ssl_server_name = ssl.string("serverName");
  // dex: any of the files means a custom TLS config (verified against the CA); no mode means "true".
  if (!e.ssl_ca_file.empty() || !e.ssl_cert_file.empty() || !e.ssl_key_file.empty()) {
    if (e.ssl_mode.empty() || e.ssl_mode == "true") e.ssl_mode = "custom";
  }
  if (e.ssl_mode.empty()) e.ssl_mode = "true";
  if (e.ssl_mode != "true" && e.ssl_mode != "false" && e.ssl_mode != "skip-verify" && e.ssl_mode != "custom") {
    f.fail("ssl.mode", "must be true, false, skip-verify or custom");
  }
  e.params = f.string_map("params");
  e.connect_timeout_seconds = static_cast<unsigned>(f.integer("connectionTimeout", 0));
  sql::PoolLimits limits;
  limits.max_open = static_cast<int>(f.integer("maxOpenConns", 5));
  limits.max_idle = static_cast<int>(f.integer("maxIdleConns", 0));  // dex's MySQL default
  limits.max_lifetime = std::chrono::seconds(f.integer("connMaxLifetime", 0));
  if (port < 0 || port > 65535) f.fail("port", "must be between 0 and 65535");
  // dex: a host starting with '/' is a Unix socket; otherwise host (maybe host:port) over TCP.
  e.port = 3306;
  if (!e.host.starts_with("/")) {
    if (auto colon = e.host.rfind(':'); colon != std::string::npos && e.host.find(':') == colon) {
      e.port = static_cast<unsigned>(std::stoul(e.host.substr(colon + 1)));
      e.host = e.host.substr(0, colon);
    }
    if (port != 0) e.port = static_cast<unsigned>(port);
    if (e.host.empty()) e.host = "127.0.0.1";
  }
  e.where = e.host.starts_with("/") ? fmt::format("socket {}", e.host) : fmt::format("host {} port {}", e.host, e.port);
  for (const auto& key : f.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  for (const auto& key : ssl.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  return open(e, limits);
}

}  // namespace dexcc::storage::mysql
