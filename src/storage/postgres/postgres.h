// The postgres storage backend (`storage.type: postgres`), sharing dex v2.45.1's database.
//
// Same tables, migrations and value encodings as dex (reference dex-server.md §7.5-7.7), through
// libpq and a bounded connection pool; concurrency as sql/server_storage.h describes.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "storage/storage.h"

namespace dexcc::storage::postgres {

struct Options {
  std::string host;  // a name, an address, "host:port", or a Unix socket folder ("/run/postgresql")
  int port = 0;      // 0: libpq's default (5432)
  std::string database, user, password;
  std::string ssl_mode = "verify-full";  // dex's default
  std::string ssl_ca_file, ssl_cert_file, ssl_key_file, ssl_server_name;
  int connection_timeout_seconds = 0;  // 0: wait as long as the network does (lib/pq's reading)
  int max_open_conns = 5;
  int max_idle_conns = 5;
  std::chrono::seconds conn_max_lifetime{0};  // 0: connections are reused forever
};

Result<std::unique_ptr<Storage>> open(const Options& options);

// Opens from `storage.config` (keys as dex reads them, case-insensitively). Config mistakes throw
// base::ConfigError naming the key path; an unreachable database comes back as one error line
// naming host and port.
Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config);

}  // namespace dexcc::storage::postgres
