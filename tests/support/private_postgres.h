// PrivatePostgres: a PostgreSQL server of the test's own (initdb in a temp folder, a free loopback
// port, pg_ctl), for tests that stop it or configure it differently from scripts/services.sh's.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace dexcc::testing {

class PrivatePostgres {
 public:
  // Debian's newest /usr/lib/postgresql/*/bin, or empty.
  static std::string bin_dir();

  // initdb (superuser "postgres", trust), `hba_lines` written first into pg_hba.conf (before the
  // trust lines, so they win), `before_start` (e.g. write_file of certificates), then start().
  // `settings` are extra `-c name=value` server settings.
  explicit PrivatePostgres(std::vector<std::string> settings = {}, std::vector<std::string> hba_lines = {},
                           const std::function<void(PrivatePostgres&)>& before_start = {});
  ~PrivatePostgres();

  bool ok() const { return ok_; }
  int port() const { return port_; }
  // A file in the server's folder ("data/x" for the data folder), readable by the server only.
  std::string write_file(const std::string& name, const std::string& text);
  // Runs SQL as the superuser over the Unix socket; false on failure.
  bool exec(const std::string& sql);
  bool start();
  void stop();
  std::string log() const;

 private:
  TempDir dir_;
  std::string bin_;
  int port_;
  std::vector<std::string> settings_;
  bool ok_ = false;
};

}  // namespace dexcc::testing
