// sql::Conn over one libpq connection: prepared statements cached per connection, parameters in
// text form (bytes in binary), results read in text form, failures sorted for the retry loop.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/sql/driver.h"

namespace dexcc::storage::postgres {

class Connection final : public sql::Conn {
 public:
  // `keywords`/`values` as PQconnectdbParams takes them; `where` names the server in errors
  // ("host 127.0.0.1 port 5432"). The message never holds the password.
  static Result<std::unique_ptr<Connection>> dial(const std::vector<std::string>& keywords,
                                                  const std::vector<std::string>& values, const std::string& where);
  ~Connection() override;

  Result<std::unique_ptr<sql::Statement>> prepare(const std::string& sql, std::string_view what) override;
  Result<void> exec(const std::string& sql, std::string_view what) override;
  sql::Failure last_failure() const override { return failure_; }

  // Turns a failed result (or a dead connection when `res` is null) into an Error, and records
  // how it failed.
  Error failed(PGresult* res, std::string_view what);
  void succeeded() { failure_ = sql::Failure::kNone; }
  PGconn* handle() const { return conn_; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  sql::Failure failure_ = sql::Failure::kNone;
};

}  // namespace dexcc::storage::postgres
