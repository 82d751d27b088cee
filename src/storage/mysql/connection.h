// sql::Conn over one libmariadb connection. Statements run on the text protocol with their
// parameters written in as escaped literals (mysql_real_escape_string_quote; bytes as hex), which
// keeps the driver small: every value dex stores is text, bytes, an integer, a boolean or a time.
#pragma once

#include <mysql.h>

#include <map>
#include <memory>
#include <string>

#include "storage/sql/driver.h"

namespace dexcc::storage::mysql {

struct Endpoint {
  std::string host;  // a name or address; starting with '/': a Unix socket path
  unsigned port = 3306;
  std::string user, password, database;
  unsigned connect_timeout_seconds = 0;
  // TLS: mode is dex's ("true", "false", "skip-verify", "custom"/files given).
  std::string ssl_mode = "true";
  std::string ssl_ca_file, ssl_cert_file, ssl_key_file, ssl_server_name;
  std::map<std::string, std::string> params;  // session variables, set at connect
  std::string where;                          // "host H port P" for error lines
};

class Connection final : public sql::Conn {
 public:
  static Result<std::unique_ptr<Connection>> dial(const Endpoint& e);
  ~Connection() override;

  Result<std::unique_ptr<sql::Statement>> prepare(const std::string& sql, std::string_view what) override;
  Result<void> exec(const std::string& sql, std::string_view what) override;
  sql::Failure last_failure() const override { return failure_; }

  // Runs one query and keeps its whole result (null for statements without rows).
  Result<MYSQL_RES*> query(const std::string& sql, std::string_view what);
  std::string quote(std::string_view v);
  int64_t affected() { return static_cast<int64_t>(mysql_affected_rows(m_)); }

 private:
  explicit Connection(MYSQL* m) : m_(m) {}
  Error failed(std::string_view what);

  MYSQL* m_;
  sql::Failure failure_ = sql::Failure::kNone;
};

}  // namespace dexcc::storage::mysql
