// The mysql storage backend (`storage.type: mysql`, MySQL or MariaDB), sharing dex v2.45.1's
// database: dex's MySQL flavour of the schema (varchar(384) for text, datetime(3) times), through
// libmariadb and a bounded connection pool; concurrency as sql/server_storage.h describes.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>

#include "storage/mysql/connection.h"
#include "storage/sql/pool.h"
#include "storage/storage.h"

namespace dexcc::storage::mysql {

Result<std::unique_ptr<Storage>> open(const Endpoint& endpoint, const sql::PoolLimits& limits);

// Opens from `storage.config` (dex's keys, case-insensitively). Config mistakes throw
// base::ConfigError naming the key path; an unreachable database comes back as one error line
// naming host and port.
Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config);

}  // namespace dexcc::storage::mysql
