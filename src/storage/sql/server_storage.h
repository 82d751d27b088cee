// dex's storage over a database server (PostgreSQL, MySQL/MariaDB) through a connection pool.
//
// Concurrency (docs/architecture.md, "Storage on database servers"): transactions run at the
// server's READ COMMITTED level and every read-modify-write locks its row first
// (`SELECT ... FOR UPDATE`), so concurrent updates of one record queue on the row lock instead of
// failing; the few conflicts locks cannot prevent (a deadlock, two first inserts of the keys row, a
// connection lost before COMMIT) rerun the whole transaction, a bounded number of times. No
// serialization failure reaches a caller while a retry is left.
#pragma once

#include <memory>

#include "storage/sql/migrations.h"
#include "storage/sql/pool.h"
#include "storage/storage.h"

namespace dexcc::storage::sql {

std::unique_ptr<Storage> make_server_storage(Flavor flavor, std::unique_ptr<Pool> pool);

// Runs dex's migrations for the flavour, each in one transaction, holding a server-side lock
// (`lock` ... `unlock`) so that replicas starting together migrate once. Returns how many ran.
Result<int> migrate_server(Conn& conn, Flavor flavor, const std::string& lock, const std::string& unlock);

}  // namespace dexcc::storage::sql
