// What the shared server-database storage (server_storage.h) needs from a client library: a
// connection that runs statements and says, after a failure, whether to retry or reconnect.
//
// postgres/ (libpq) and mysql/ (libmariadb) implement it. A Conn is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "storage/error.h"
#include "storage/sql/columns.h"

namespace dexcc::storage::sql {

// How the last failed statement failed, for the transaction loop.
enum class Failure {
  kNone,       // succeeded, or failed for a reason retrying cannot change (constraint, syntax, ...)
  kRetry,      // a serialization failure or deadlock: the whole transaction may be run again
  kBroken,     // the connection is gone (server restart, network): drop it, maybe retry on a new one
};

// One run of a statement: bind every parameter, execute, then read rows.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual Params& params() = 0;
  virtual Result<void> execute() = 0;
  // Advances to the next result row: true when columns() holds one.
  virtual Result<bool> next() = 0;
  virtual Columns& columns() = 0;
  // Rows changed by an insert, update or delete.
  virtual int64_t affected() const = 0;
};

class Conn {
 public:
  virtual ~Conn() = default;
  // A statement in Postgres syntax, already translated for the flavour (prepared once per connection).
  virtual Result<std::unique_ptr<Statement>> prepare(const std::string& sql, std::string_view what) = 0;
  // Runs SQL without parameters or results (BEGIN, COMMIT, ROLLBACK, DDL).
  virtual Result<void> exec(const std::string& sql, std::string_view what) = 0;
  virtual Failure last_failure() const = 0;
};

}  // namespace dexcc::storage::sql
