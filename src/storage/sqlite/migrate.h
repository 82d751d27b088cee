// Brings an sqlite3 database to dex v2.45.1's schema, one migration per transaction (internal).
#pragma once

#include "storage/sqlite/connection.h"

namespace dexcc::storage::sqlite {

// Returns how many migrations ran (0 when the database is current or newer).
Result<int> migrate(Connection& conn);

}  // namespace dexcc::storage::sqlite
